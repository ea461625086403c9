import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { HostCallError, toHostApi, type HostApi, type StaffView } from '../../../shared/contract';
import { BUNDLED_LANGUAGES, ENDONYMS, STAFF_UI_LANGUAGES, staffUiLanguageOf, type BundledLanguage, type StaffUiLanguage } from '../../../shared/domain/languages';
import { createI18n } from '../../../shared/i18n/create';
import { VISIT_STEPS, stepIndex, type VisitStep } from '../../../shared/session/steps';
import { htmlLang } from '../../../shared/domain/languages';
import { newRequestId, useHostView, useOnline } from '../common/host-view';
import type { HostConnection } from '../platform/connection';
import { SignIn } from './SignIn';
import { deviceErrorOf, useDevices } from './CardReader';
import { DevicesPanel } from './Receipt';
import { FormsReview } from './Forms';
import { SecurityEvents } from './SecurityEvents';
import { useWedgeScanner } from './wedge-scanner';
import { ConfirmSignFinish, HouseholdSummary, IdentifyStep, LifeEventStep, ProceduresStep } from './VisitSteps';

const UI_LANGUAGE_KEY = 'madoguchi.staff.uiLanguage';

/** The clerk's display language is a per-workstation preference, independent of the resident's language. */
function useStaffUiLanguage(): [StaffUiLanguage, (language: StaffUiLanguage) => void] {
  const [language, setLanguage] = useState<StaffUiLanguage>(() => staffUiLanguageOf(localStorage.getItem(UI_LANGUAGE_KEY)));
  return [
    language,
    (next) => {
      localStorage.setItem(UI_LANGUAGE_KEY, next);
      setLanguage(next);
    },
  ];
}

export function StaffApp({ connection }: { connection: HostConnection<'staff'> }) {
  const [uiLanguage, setUiLanguage] = useStaffUiLanguage();
  const i18n = useMemo(() => createI18n(uiLanguage, ['staff', 'common', 'catalog']), [uiLanguage]);
  useEffect(() => {
    document.documentElement.lang = uiLanguage;
  }, [uiLanguage]);
  return (
    <I18nextProvider i18n={i18n}>
      <StaffScreen connection={connection} uiLanguage={uiLanguage} onUiLanguage={setUiLanguage} />
    </I18nextProvider>
  );
}

function StaffScreen(props: {
  connection: HostConnection<'staff'>;
  uiLanguage: StaffUiLanguage;
  onUiLanguage: (language: StaffUiLanguage) => void;
}) {
  const { t } = useTranslation('staff');
  const api = useMemo(() => toHostApi(props.connection.raw), [props.connection]);
  const view = useHostView('staffView', props.connection, () => api.call.getStaffSnapshot({}), api.on.staffViewChanged);
  const online = useOnline(props.connection);
  // Commands run one after another in the order the clerk gave them (a mutation scope is a serial queue), so a
  // keystroke made while an earlier command is still in flight is applied after it, never dropped.
  const command = useMutation({ mutationFn: (run: () => Promise<unknown>) => run(), scope: { id: 'counter-session' } });
  // An ended backend sign-in is said by the sign-in form it brings (below), not twice.
  const errorCode = command.error instanceof HostCallError ? command.error.code : command.error ? 'internal' : null;
  const error = errorCode === 'session_expired' && view?.staff?.sessionExpired ? null : errorCode;
  // The backend's own message is written for the clerk (Japanese): show it as it is.
  const backendMessage = command.error instanceof HostCallError && command.error.code === 'rejected' ? (command.error.details as { message?: string } | undefined)?.message : undefined;
  // A step change the step is not ready for: say what the step still needs, in the step's own words.
  const blockedStep = command.error instanceof HostCallError && command.error.code === 'blocked' ? blockedStepOf(command.error.details) : undefined;

  const device = deviceErrorOf(command.error);
  const devices = useDevices(api);
  const mutate = command.mutate;
  // A keyboard-wedge scan (MRZ, pre-application code) goes to the host like any staff action.
  const onScan = useCallback((text: string) => mutate(() => api.call.submitScan({ requestId: newRequestId(), text })), [api, mutate]);
  useWedgeScanner(view?.visit?.step === 'identify' ? (devices?.scanner.wedgeLayout ?? null) : null, onScan);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  // Signed in again after an ended sign-in: the inline form goes, and focus goes back to the visit's step
  // heading (never to <body>), from where the clerk takes up the step where it was.
  const sessionExpired = view?.staff?.sessionExpired === true;
  const wasExpired = useRef(false);
  useEffect(() => {
    if (wasExpired.current && !sessionExpired) document.getElementById('visit-heading')?.focus();
    wasExpired.current = sessionExpired;
  }, [sessionExpired]);

  return (
    <div className="staff">
      <header className="staff-header">
        <h1>{t('title')}</h1>
        {view && <span className="terminal">{t('terminal', { id: view.terminalId })}</span>}
        {view?.staff && (
          <span className="signed-in">
            {t('signedInAs', { name: view.staff.displayName })}{' '}
            <button className="link" disabled={Boolean(view.visit && !view.visit.result)} onClick={() => command.mutate(() => api.call.signOut({ requestId: newRequestId() }))}>
              {t('signOut')}
            </button>
          </span>
        )}
        <label className="ui-language">
          {t('uiLanguage')}{' '}
          <select
            value={props.uiLanguage}
            onChange={(event) => props.onUiLanguage(event.target.value as StaffUiLanguage)}
          >
            {STAFF_UI_LANGUAGES.map((code) => (
              <option key={code} value={code} lang={code}>
                {ENDONYMS[code]}
              </option>
            ))}
          </select>
        </label>
      </header>

      <div className="notices" role="status" aria-live="polite">
        {!online && <p className="notice warning">{t('connection.offline')}</p>}
        {view && (
          <p
            className={`notice ${view.customerDisplay === 'missing' ? 'warning' : 'ok'}`}
            data-testid="customer-display-status"
            data-status={view.customerDisplay}
          >
            {t(`customerDisplay.${view.customerDisplay}`)}
          </p>
        )}
      </div>
      {error && (
        <p className="notice error" role="alert" data-testid="command-error" data-code={error}>
          {backendMessage ?? (blockedStep ? t(`blockers.${blockedStep}`) : device ? t(`devices.errors.${device.code}`, device.params) : t(`common:errors.${error}`))}
        </p>
      )}

      <main>
        {view && !view.staff && <SignIn api={api} run={command.mutate} />}
        {view?.staff && sessionExpired && <SignIn api={api} run={command.mutate} again={{ name: view.staff.displayName, visitOpen: Boolean(view.visit && !view.visit.result) }} />}
        {view?.staff && <VisitPanel view={view} api={api} run={command.mutate} busy={command.isPending} />}
        <details className="devices-details">
          <summary>{t('devicesPanel.heading')}</summary>
          <DevicesPanel api={api} />
        </details>
        {/* The supervisor's area: the backend lists security events to supervisors and tenant admins only. */}
        {view?.staff && !sessionExpired && ['supervisor', 'tenant_admin'].includes(view.staff.role) && (
          <details className="supervisor-details" data-testid="supervisor-area">
            <summary>{t('securityEvents.area')}</summary>
            <SecurityEvents api={api} />
          </details>
        )}
      </main>
    </div>
  );
}

/** The step named by a `blocked` error, when it is one with a blocker sentence. */
function blockedStepOf(details: unknown): VisitStep | undefined {
  const step = (details as { step?: unknown } | undefined)?.step;
  return typeof step === 'string' && (VISIT_STEPS as readonly string[]).includes(step) && step !== 'finish' ? (step as VisitStep) : undefined;
}

function VisitPanel(props: {
  view: StaffView;
  api: HostApi<'staff'>;
  run: (action: () => Promise<unknown>) => void;
  busy: boolean;
}) {
  const { t } = useTranslation('staff');
  const { view, api, run, busy } = props;
  const visit = view.visit;
  const startRef = useRef<HTMLButtonElement>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const step = visit?.step;

  // Focus the start button whenever it becomes usable (after sign-in, after a visit ends).
  useEffect(() => {
    if (!visit && !busy) startRef.current?.focus();
  }, [visit, busy]);

  // After a step change (次へ, 戻る, submitting, undo) focus goes to the new step, never to <body>: to its heading,
  // from where Tab reaches its fields — except identification, whose name field (autofocused) is what the clerk
  // types next. Runs after the step's own effects, so a field the step focused itself keeps the focus.
  useEffect(() => {
    if (!step) return;
    const active = document.activeElement;
    const stepFocusedItself = step === 'identify' && active instanceof HTMLInputElement && active.closest('.step-body');
    if (!stepFocusedItself) headingRef.current?.focus();
  }, [step]);

  // Keyboard-first: step navigation never needs the mouse.
  useEffect(() => {
    if (!visit) return;
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey) return;
      // A held key repeats: one press is one command, so a held Alt+Z never undoes twenty steps at once.
      if (event.repeat) {
        if (['ArrowRight', 'ArrowLeft', 'z', 'Z'].includes(event.key)) event.preventDefault();
        return;
      }
      if (event.key === 'ArrowRight') {
        event.preventDefault();
        run(() => api.call.nextStep({ requestId: newRequestId() }));
      } else if (event.key === 'ArrowLeft') {
        event.preventDefault();
        run(() => api.call.previousStep({ requestId: newRequestId() }));
      } else if (event.key === 'z' || event.key === 'Z') {
        event.preventDefault();
        run(() => api.call.undo({ requestId: newRequestId() }));
      } else if ((event.key === 'i' || event.key === 'I') && visit.step === 'identify') {
        // 転入 of people not in the register: the 転出証明書 intake form (a second press keeps what was typed).
        event.preventDefault();
        run(() => api.call.startIntake({ requestId: newRequestId(), source: visit.intake?.source ?? 'moving_out_certificate' }));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [visit, api, run]);

  if (!visit) {
    return (
      <section className="idle" aria-labelledby="idle-heading">
        <h2 id="idle-heading">{t('noVisit')}</h2>
        <button
          ref={startRef}
          className="primary"
          disabled={busy}
          onClick={() => run(() => api.call.startVisit({ requestId: newRequestId() }))}
        >
          {t('startVisit')}
        </button>
      </section>
    );
  }

  const current = stepIndex(visit.step);
  return (
    <section className="visit" aria-labelledby="visit-heading">
      {/* The step's heading, the step list and "step n of 6" share one line: the step's own fields start high. */}
      <div className="visit-head">
        <h2 id="visit-heading" ref={headingRef} tabIndex={-1}>
          {t(`steps.${visit.step}`)}
        </h2>
        <nav aria-label={t('progress')}>
          <ol className="steps">
            {VISIT_STEPS.map((step, index) => (
              <li
                key={step}
                aria-current={step === visit.step ? 'step' : undefined}
                className={index < current ? 'done' : step === visit.step ? 'current' : ''}
              >
                {t(`steps.${step}`)}
              </li>
            ))}
          </ol>
          <p data-testid="step-of">{t('stepOf', { current: current + 1, total: VISIT_STEPS.length })}</p>
        </nav>
      </div>

      <CustomerLanguagePicker
        chosen={visit.customerLanguage}
        onCommit={(language, failed) =>
          run(() =>
            api.call.setCustomerLanguage({ requestId: newRequestId(), language }).catch((error: unknown) => {
              failed();
              throw error;
            }),
          )
        }
      />

      <div className="step-body">
        {visit.step === 'identify' && <IdentifyStep api={api} visit={visit} run={run} />}
        {visit.step === 'lifeEvent' && (
          <>
            <HouseholdSummary visit={visit} />
            <LifeEventStep api={api} visit={visit} run={run} />
          </>
        )}
        {visit.step === 'procedures' && <ProceduresStep api={api} visit={visit} run={run} />}
        {visit.step === 'review' && <FormsReview api={api} visit={visit} />}
        <ConfirmSignFinish api={api} visit={visit} run={run} tenantName={view.staff?.tenantName} />
      </div>

      <StaffNote text={visit.staffNote} onSave={(text) => run(() => api.call.setStaffNote({ requestId: newRequestId(), text }))} />

      {visit.blocker && visit.step !== 'finish' && (
        <p className="hint" data-testid="blocker">
          {/* A 転入 where nobody may be registered (shared/session/state.ts stepBlocker) says so, not "choose a procedure". */}
          {visit.step === 'procedures' && visit.household?.members.length && visit.household.members.every((m) => m.refusal) ? t('residence.none') : t(`blockers.${visit.step}`)}
        </p>
      )}
      <div className="actions">
        <button disabled={current === 0 || visit.result !== null} onClick={() => run(() => api.call.previousStep({ requestId: newRequestId() }))}>
          {t('back')}
        </button>
        <button className="primary" disabled={visit.blocker !== null} onClick={() => run(() => api.call.nextStep({ requestId: newRequestId() }))}>
          {t('next')}
        </button>
        <button disabled={!visit.canUndo} onClick={() => run(() => api.call.undo({ requestId: newRequestId() }))}>
          {t('undo')}
        </button>
        <button className="danger" disabled={busy} onClick={() => run(() => api.call.endVisit({ requestId: newRequestId() }))}>
          {visit.result ? t('nextCustomer') : t('endVisit')}
        </button>
      </div>
      <p className="hint">{t('shortcuts')}</p>
    </section>
  );
}

/**
 * お客様の言語, a native radio group (arrow keys move, Tab leaves). Moving through it does not switch the
 * resident's screen at every arrow key: the choice is sent once — on Space or Enter, on a click, or when focus
 * leaves the group on a different language than the resident's screen shows.
 */
function CustomerLanguagePicker({ chosen, onCommit }: { chosen: BundledLanguage | null; onCommit: (language: BundledLanguage, failed: () => void) => void }) {
  const { t } = useTranslation('staff');
  // A choice sent and not yet shown back by the host: until it is, the group counts from it, so arrow keys
  // pressed meanwhile are not undone when the host's echo of the clerk's own choice arrives. It holds only while
  // the resident's screen shows what it showed when it was sent: any change there is the echo, or the resident's
  // own choice, and ends the wait.
  type Sent = { language: BundledLanguage; over: BundledLanguage | null };
  const [sent, setSent] = useState<Sent | null>(null);
  const sentRef = useRef<Sent | null>(null); // the same, read synchronously (Space fires keydown, then change)
  const waitingFor = (entry: Sent | null) => (entry && entry.over === chosen ? entry.language : null);
  const base = waitingFor(sent) ?? chosen;
  // The choice being moved through, for the language the resident's screen shows (or is about to); when that
  // changes otherwise (the resident may choose on their own screen) the group follows it.
  const [moving, setMoving] = useState<{ from: BundledLanguage | null; to: BundledLanguage }>();
  const pending = moving && moving.from === base ? moving.to : base;
  const setPending = (to: BundledLanguage) => setMoving({ from: base, to });
  // Set by an arrow key's keydown; the change event its default action fires comes right after.
  const arrowing = useRef(false);
  const remember = (entry: Sent | null) => {
    sentRef.current = entry;
    setSent(entry);
  };
  const commit = (language: BundledLanguage | null) => {
    if (!language || language === (waitingFor(sentRef.current) ?? chosen)) return;
    remember({ language, over: chosen });
    onCommit(language, () => remember(null));
  };
  return (
    <fieldset
      className="customer-language"
      onKeyDown={(event) => {
        if (event.key.startsWith('Arrow')) arrowing.current = true;
        else if (event.key === ' ' || event.key === 'Enter') commit((event.target as HTMLInputElement).value as BundledLanguage);
      }}
      onKeyUp={() => (arrowing.current = false)}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget)) commit(pending);
      }}
    >
      <legend>{t('customerLanguage')}</legend>
      {BUNDLED_LANGUAGES.map((code) => (
        <label key={code} lang={htmlLang(code)}>
          <input
            type="radio"
            name="customer-language"
            value={code}
            checked={pending === code}
            onChange={() => {
              setPending(code);
              if (arrowing.current) arrowing.current = false;
              else commit(code);
            }}
          />
          {ENDONYMS[code]}
        </label>
      ))}
      {chosen === null && <p className="hint">{t('customerLanguageNotChosen')}</p>}
    </fieldset>
  );
}

/**
 * The note is saved to the host (which owns it) shortly after typing stops and on leaving the field, so a
 * window reload or crash loses at most the last half second of typing.
 */
function StaffNote({ text, onSave }: { text: string; onSave: (text: string) => void }) {
  const { t } = useTranslation('staff');
  const [draft, setDraft] = useState(text);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const editing = useRef(false);

  useEffect(() => {
    if (!editing.current) setDraft(text);
  }, [text]);

  const save = (value: string) => {
    clearTimeout(timer.current);
    if (value !== text) onSave(value);
  };
  return (
    <label className="staff-note">
      {t('staffNote.label')}
      <textarea
        value={draft}
        rows={3}
        maxLength={2000}
        onFocus={() => (editing.current = true)}
        onChange={(event) => {
          const value = event.target.value;
          setDraft(value);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => save(value), 400);
        }}
        onBlur={() => {
          editing.current = false;
          save(draft);
        }}
      />
    </label>
  );
}
