import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';
import { toHostApi, type CustomerView, type HostApi } from '../../../shared/contract';
import { BUNDLED_LANGUAGES, ENDONYMS, htmlLang, type BundledLanguage } from '../../../shared/domain/languages';
import { createI18n } from '../../../shared/i18n/create';
import { stripRuby } from '../../../shared/i18n/ruby';
import { newRequestId, useHostView } from '../common/host-view';
import { RubyText } from '../common/RubyText';
import { SignaturePad } from './SignaturePad';
import type { HostConnection } from '../platform/connection';

/**
 * The customer-facing screen. It renders only the customer projection, which carries no names, notes or ids,
 * so when a visit ends and the projection goes back to idle, nothing of the household remains in the page.
 */
export function CustomerApp({ connection }: { connection: HostConnection<'customer'> }) {
  const api = useMemo(() => toHostApi(connection.raw), [connection]);
  const view = useHostView('customerView', connection, () => api.call.getCustomerSnapshot({}), api.on.customerViewChanged);
  if (!view) return null;
  return view.mode === 'idle' ? <Welcome /> : <VisitScreen view={view} api={api} />;
}

const WELCOME_ROTATION_MS = 4000;

/** Idle: a calm welcome that cycles through the bundled languages, so every resident sees their own. */
function Welcome() {
  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setIndex((i) => (i + 1) % BUNDLED_LANGUAGES.length), WELCOME_ROTATION_MS);
    return () => clearInterval(timer);
  }, []);
  const language = BUNDLED_LANGUAGES[index] ?? 'ja';
  const i18n = useMemo(() => createI18n(language, ['customer', 'common', 'catalog']), [language]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(language);
  }, [language]);
  return (
    <I18nextProvider i18n={i18n}>
      <WelcomeText />
    </I18nextProvider>
  );
}

function WelcomeText() {
  const { t } = useTranslation('customer');
  return (
    <main className="customer idle" data-testid="customer-idle">
      <h1>
        <RubyText text={t('welcome')} />
      </h1>
      <p>
        <RubyText text={t('welcomeDetail')} />
      </p>
    </main>
  );
}

function VisitScreen({ view, api }: { view: Extract<CustomerView, { mode: 'visit' }>; api: HostApi<'customer'> }) {
  const [picking, setPicking] = useState(false);
  const language: BundledLanguage = view.language ?? 'ja';
  const i18n = useMemo(() => createI18n(language, ['customer', 'common', 'catalog']), [language]);
  useEffect(() => {
    document.documentElement.lang = htmlLang(language);
  }, [language]);

  const choose = (code: BundledLanguage) => {
    setPicking(false);
    void api.call.chooseLanguage({ requestId: newRequestId(), language: code }).catch(() => setPicking(true));
  };

  return (
    <I18nextProvider i18n={i18n}>
      {view.language === null || picking ? <LanguagePicker onChoose={choose} /> : <StepView view={view} api={api} onChangeLanguage={() => setPicking(true)} />}
    </I18nextProvider>
  );
}

/** Shown until a language is chosen: the prompt in every language, each button labelled in its own language. */
function LanguagePicker({ onChoose }: { onChoose: (code: BundledLanguage) => void }) {
  return (
    <main className="customer picker" data-testid="customer-language-picker">
      {BUNDLED_LANGUAGES.map((code) => (
        <p key={code} lang={htmlLang(code)} className="prompt">
          <RubyText text={createI18n(code, ['customer']).t('chooseLanguage')} />
        </p>
      ))}
      <div className="language-buttons">
        {BUNDLED_LANGUAGES.map((code) => (
          <button key={code} lang={htmlLang(code)} onClick={() => onChoose(code)}>
            {ENDONYMS[code]}
          </button>
        ))}
      </div>
    </main>
  );
}

function StepView({ view, api, onChangeLanguage }: { view: Extract<CustomerView, { mode: 'visit' }>; api: HostApi<'customer'>; onChangeLanguage: () => void }) {
  const { t } = useTranslation('customer');
  const r = (key: string, options?: Record<string, unknown>) => <RubyText text={t(key, options)} />;
  return (
    <main className="customer step" data-testid="customer-step" data-step={view.step}>
      <p className="progress" aria-label={t('stepOf', { current: view.stepIndex + 1, total: view.stepCount })}>
        {Array.from({ length: view.stepCount }, (_, i) => (
          <span key={i} className={i <= view.stepIndex ? 'dot on' : 'dot'} aria-hidden="true" />
        ))}
        <span className="count">{t('stepOf', { current: view.stepIndex + 1, total: view.stepCount })}</span>
      </p>
      <h1>{r(`steps.${view.step}.title`)}</h1>
      <p className="body">{r(`steps.${view.step}.body`)}</p>
      {view.procedures.length > 0 && view.step !== 'finish' && <ProcedureList view={view} />}
      {view.step === 'review' && <Review view={view} api={api} />}
      {view.step === 'sign' && (
        <SignaturePad
          label={stripRuby(t('sign.pad'))}
          clearLabel={stripRuby(t('sign.clear'))}
          doneLabel={stripRuby(t('sign.done'))}
          disabled={view.signed}
          onDone={(svg) => void api.call.sign({ requestId: newRequestId(), svg })}
        />
      )}
      {view.step === 'sign' && view.signed && <p role="status">{r('sign.thanks')}</p>}
      {view.step === 'finish' && view.receiptNumber && (
        <p className="receipt" role="status">
          {r('finish.receipt', { receipt: view.receiptNumber })}
        </p>
      )}
      <button className="change-language" onClick={onChangeLanguage}>
        {r('changeLanguage')}
      </button>
    </main>
  );
}

/** Each procedure in the resident's language: what it is, for whom, where, by when and what to bring. */
function ProcedureList({ view }: { view: Extract<CustomerView, { mode: 'visit' }> }) {
  const { t } = useTranslation('customer');
  const r = (key: string, options?: Record<string, unknown>) => <RubyText text={t(key, options)} />;
  return (
    <section className="procedure-list" aria-labelledby="procedures-heading">
      <h2 id="procedures-heading">{r('procedures.heading')}</h2>
      <p className="count">{r('procedures.count', { count: view.procedures.length })}</p>
      <ul>
        {view.procedures.map((p, index) => (
          <li key={`${p.procedureId}-${index}`} data-procedure={p.procedureId}>
            <h3>{r(`catalog:procedures.${p.procedureId}.title`)}</h3>
            <p className="for">{p.member !== null && view.members[p.member] ? view.members[p.member]!.name : r('procedures.household')}</p>
            <p>{r(`catalog:procedures.${p.procedureId}.explanation`)}</p>
            <dl>
              <dt>{r('procedures.where')}</dt>
              <dd>{r(`catalog:departments.${p.department}`, { defaultValue: p.department })}</dd>
              {p.deadline && (
                <>
                  <dt>{r('procedures.deadline')}</dt>
                  <dd>{p.deadline}</dd>
                </>
              )}
              <dt>{r('procedures.bring')}</dt>
              <dd>{r(`catalog:procedures.${p.procedureId}.bring`)}</dd>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The data to confirm (this household's only) and the confirm button. */
function Review({ view, api }: { view: Extract<CustomerView, { mode: 'visit' }>; api: HostApi<'customer'> }) {
  const { t } = useTranslation('customer');
  const r = (key: string, options?: Record<string, unknown>) => <RubyText text={t(key, options)} />;
  return (
    <section className="review" aria-labelledby="review-heading">
      <h2 id="review-heading">{r('review.members')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">{r('review.name')}</th>
            <th scope="col">{r('review.birthDate')}</th>
          </tr>
        </thead>
        <tbody>
          {view.members.map((m, i) => (
            <tr key={i}>
              <td>
                {m.name}
                {m.nameKana && <span className="kana"> {m.nameKana}</span>}
              </td>
              <td>{m.birthDate}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {view.newAddress && (
        <p>
          {r('review.newAddress')}: {view.newAddress}
        </p>
      )}
      {view.eventDate && (
        <p>
          {r('review.eventDate')}: {view.eventDate}
        </p>
      )}
      {view.confirmed ? (
        <p role="status">{r('review.thanks')}</p>
      ) : (
        <button className="primary big" onClick={() => void api.call.confirm({ requestId: newRequestId() })}>
          {r('review.confirm')}
        </button>
      )}
    </section>
  );
}
