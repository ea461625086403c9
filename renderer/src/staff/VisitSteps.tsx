import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi, ResidentHit, StaffView } from '../../../shared/contract';
import { HostCallError } from '../../../shared/contract';
import { NEWBORN_ID_PREFIX, VISIT_LIFE_EVENTS, type VisitLifeEvent } from '../../../shared/session/visit';
import { eventKindsOf, type EventKind } from '../../../shared/rules/types';
import { dateInJapan } from '../../../shared/domain/dates';
import type { LanguageCode } from '../../../shared/domain/languages';
import { newRequestId } from '../common/host-view';
import { Guide } from '../guide/Guide';
import { CardReaderPanel } from './CardReader';
import { DateField } from './DateField';
import { HandoffClaim } from './HandoffClaim';
import { IntakeForm } from './IntakeForm';
import { intakeLifeEvent } from '../../../shared/session/intake';
import { ProxySignature } from './ProxySignature';
import { NumberlessForms } from './Forms';
import { reasonText } from './reason-text';
import { RefusalList } from './Refusals';
import { ReceiptPanel } from './Receipt';
import { useStaffDate } from './staff-date';

type Visit = NonNullable<StaffView['visit']>;
type Run = (action: () => Promise<unknown>) => void;

/** 本人確認: find the resident by name (and date of birth), then take their household into the visit. */
export function IdentifyStep({ api, visit, run }: { api: HostApi<'staff'>; visit: Visit; run: Run }) {
  const { t } = useTranslation('staff');
  const staffDate = useStaffDate();
  const [q, setQ] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [results, setResults] = useState<ResidentHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  const [failed, setFailed] = useState(false);
  // 特例転入: the claim form (code and a birth date) in place of the search, until the claim opens the intake.
  const [claiming, setClaiming] = useState(false);
  // Claimed: the intake form takes over (and after it, the search again, not the claim form).
  if (claiming && visit.intake?.source === 'handoff') setClaiming(false);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    // A pre-application code typed or pasted here (no scanner at hand) is handled like a scan.
    if (/^MDG1-/i.test(q.trim())) {
      run(() => api.call.submitScan({ requestId: newRequestId(), text: q.trim() }));
      setQ('');
      return;
    }
    setSearching(true);
    setFailed(false);
    try {
      const answer = await api.call.searchResidents({ q, ...(birthDate ? { birthDate } : {}) });
      setResults(answer.results);
    } catch (error) {
      // An ended sign-in is said by the sign-in form it brings; the query stays for the search to run again.
      setFailed(!(error instanceof HostCallError && error.code === 'session_expired'));
    } finally {
      setSearching(false);
    }
  };

  // 転入 of people not registered yet: the intake form takes the step's place (a registered household chosen
  // meanwhile ends it for this visit's purposes).
  const intake = visit.intake && !(visit.household && !visit.household.isNew) ? visit.intake : null;
  if (intake) {
    return (
      <div className="identify">
        <IntakeForm api={api} visit={visit} intake={intake} run={run} />
        {/* A card read fills the form too: a residence card or a passport from abroad, the My Number card's four
            items (氏名, 住所 — the one being left —, 生年月日, 性別) at a 特例転入. */}
        <CardReaderPanel api={api} visit={visit} run={run} />
      </div>
    );
  }
  const startIntake = (source: 'moving_out_certificate' | 'from_abroad') => run(() => api.call.startIntake({ requestId: newRequestId(), source }));
  if (claiming) {
    return (
      <div className="identify">
        <HandoffClaim api={api} run={run} onCancel={() => setClaiming(false)} />
      </div>
    );
  }

  return (
    <div className="identify">
      <form role="search" onSubmit={search} className="search-form">
        <label>
          {t('identify.query')}
          <input autoFocus value={q} onChange={(e) => setQ(e.target.value)} required maxLength={100} />
        </label>
        <DateField label={t('identify.birthDate')} kind="birth" value={birthDate} onChange={setBirthDate} />
        <button type="submit" disabled={searching}>
          {t('identify.search')}
        </button>
      </form>
      {failed && <p role="alert" className="notice error">{t('identify.failed')}</p>}
      {/* Nobody to search for: people moving in who are not registered yet (after the search in Tab order). */}
      <p className="intake-start">
        <button type="button" onClick={() => startIntake('moving_out_certificate')} aria-keyshortcuts="Alt+I">
          {t('intake.start')}
        </button>
        <button type="button" onClick={() => startIntake('from_abroad')}>
          {t('intake.startFromAbroad')}
        </button>
        <button type="button" onClick={() => setClaiming(true)}>
          {t('intake.startHandoff')}
        </button>
      </p>
      {results && (
        <section aria-label={t('identify.results')}>
          {results.length === 0 ? (
            <p role="status">{t('identify.noResults')}</p>
          ) : (
            <table className="results">
              <thead>
                <tr>
                  <th scope="col">{t('identify.name')}</th>
                  <th scope="col">{t('identify.kana')}</th>
                  <th scope="col">{t('identify.birthDate')}</th>
                  <th scope="col">{t('identify.sex')}</th>
                  <th scope="col">{t('identify.address')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('identify.select')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {results.map((hit) => (
                  <tr key={hit.residentId}>
                    <td>
                      {hit.name}
                      {hit.alphabetName && hit.alphabetName !== hit.name ? <span className="muted"> ({hit.alphabetName})</span> : null}
                      {hit.supportMeasure && <strong className="flag"> {t('identify.supportMeasure')}</strong>}
                    </td>
                    <td>{hit.nameKana}</td>
                    <td className="date">{staffDate(hit.birthDate)}</td>
                    <td className="sex">{t('identify.sexValue', { sex: String(hit.sex) })}</td>
                    <td>{hit.address}</td>
                    <td>
                      <button onClick={() => run(() => api.call.selectHousehold({ requestId: newRequestId(), householdId: hit.householdId }))}>
                        {t('identify.selectHousehold', { name: hit.name })}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
      <CardReaderPanel api={api} visit={visit} run={run} />
      {visit.household && <HouseholdSummary visit={visit} />}
    </div>
  );
}

export function HouseholdSummary({ visit }: { visit: Visit }) {
  const { t } = useTranslation('staff');
  const staffDate = useStaffDate();
  const household = visit.household;
  if (!household) return null;
  return (
    <section className="household" aria-labelledby="household-heading" data-testid="household">
      <h3 id="household-heading">{t('household.heading')}</h3>
      <p>{household.address}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('identify.name')}</th>
            <th scope="col">{t('household.relation')}</th>
            <th scope="col">{t('identify.birthDate')}</th>
            <th scope="col">{t('household.status')}</th>
          </tr>
        </thead>
        <tbody>
          {household.members.map((m) => (
            <tr key={m.residentId}>
              <td>{m.name}</td>
              <td>{m.relation}</td>
              <td className="date">{staffDate(m.birthDate)}</td>
              <td>
                {[
                  m.kind === 'foreign' ? t('household.foreign') : null,
                  m.kind === 'foreign' && m.residenceStatus ? t('residence.status', { status: t(`residence.statuses.${m.residenceStatus}`) }) : null,
                  // The register's text that names no status: said, so staff correct it (the rules read it as none).
                  m.kind === 'foreign' && !m.residenceStatus && m.residenceStatusText ? t('residence.statusUnknown', { text: m.residenceStatusText }) : null,
                  m.kind === 'foreign' && m.residenceCategory && m.residenceCategory !== 'mid_long_term' ? t(`residence.categories.${m.residenceCategory}`) : null,
                  m.hasResidenceCard ? t('household.residenceCard') : null,
                  m.hasMyNumberCard ? t('household.myNumberCard') : null,
                  t(`household.insurance.${m.healthInsurance}`),
                  m.supportMeasure ? t('identify.supportMeasure') : null,
                ]
                  .filter(Boolean)
                  .join(' / ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** A household confirmed at intake moves in: the step starts from the 転出証明書's items (staff can change them). */
function intakePrefill(visit: Visit) {
  const event = visit.household?.isNew && visit.intake ? intakeLifeEvent(visit.intake) : null;
  return event ? { lifeEvent: event.lifeEvent, ...event.details } : null;
}

/** The other member towns of this cloud (for a 転出), asked once the event is a 転出; none while it is not. */
function useMemberTowns(api: HostApi<'staff'>, wanted: boolean) {
  const [towns, setTowns] = useState<{ tenantId: string; nameJa: string }[]>([]);
  useEffect(() => {
    if (!wanted) return;
    let live = true;
    // Without the list (backend unreachable) the step works as before: a 転出 with a certificate.
    api.call.listMemberTowns({}).then(
      (answer) => live && setTowns(answer.towns),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [api, wanted]);
  return wanted ? towns : [];
}

/** 届出内容: the life event and what it needs; the host then judges every procedure it triggers. */
export function LifeEventStep({ api, visit, run }: { api: HostApi<'staff'>; visit: Visit; run: Run }) {
  const { t } = useTranslation('staff');
  // A pre-application's answers are where the step starts (staff check and change them).
  const prefill = visit.identification?.prefill ?? intakePrefill(visit);
  const [lifeEvent, setLifeEvent] = useState<VisitLifeEvent>(visit.lifeEvent ?? prefill?.lifeEvent ?? 'moving_in');
  const [eventDate, setEventDate] = useState(visit.details?.eventDate ?? prefill?.eventDate ?? dateInJapan(new Date()));
  const [newAddress, setNewAddress] = useState(visit.details?.newAddress ?? prefill?.newAddress ?? '');
  // 転入: a card read before the move still shows the old address, which is the 前住所 the notification needs.
  const [previousAddress, setPreviousAddress] = useState(visit.details?.previousAddress ?? (prefill?.previousAddress || null) ?? visit.identification?.address ?? '');
  const members = visit.household?.members.filter((m) => !m.residentId.startsWith(NEWBORN_ID_PREFIX)) ?? [];
  const [deceasedId, setDeceasedId] = useState(visit.details?.deceasedResidentId ?? '');
  // Dates some deadlines count from (死亡届: the day the death became known; 児童手当 after 転入: the 転出予定日).
  const [deathKnownDate, setDeathKnownDate] = useState(visit.details?.deathKnownDate ?? '');
  const [plannedMoveOutDate, setPlannedMoveOutDate] = useState(visit.details?.plannedMoveOutDate ?? intakePrefill(visit)?.plannedMoveOutDate ?? '');
  const [newborn, setNewborn] = useState({ name: visit.details?.newborn?.name ?? '', nameKana: visit.details?.newborn?.nameKana ?? '', sex: visit.details?.newborn?.sex ?? 1 });
  // 世帯変更, 在留, 社会保険, 離婚: staff choose the sub-kind, which the procedures depend on.
  const [eventKind, setEventKind] = useState<EventKind | ''>(visit.details?.eventKind ?? '');
  const kinds = eventKindsOf(lifeEvent);
  const needsAddress = lifeEvent === 'moving_in' || lifeEvent === 'moving_within' || lifeEvent === 'moving_out' || lifeEvent === 'moving_in_from_abroad' || lifeEvent === 'moving_abroad';
  // 転出 to another member town of this cloud: chosen here, the submission hands the family off to it (特例転入).
  const [destinationTenantId, setDestinationTenantId] = useState(visit.details?.destinationTenantId ?? '');
  const memberTowns = useMemberTowns(api, lifeEvent === 'moving_out');
  // 出生 without the child's name: said beside the field, which gets the focus (the browser's own bubble is
  // easy to miss and says nothing to a screen reader once it is gone).
  const [nameMissing, setNameMissing] = useState(false);
  const newbornNameRef = useRef<HTMLInputElement>(null);
  const newbornNameId = useId();
  const destinationHintId = useId();
  const flagNameMissing = () => {
    setNameMissing(true);
    newbornNameRef.current?.focus();
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (lifeEvent === 'birth' && !newborn.name.trim()) return flagNameMissing();
    const details = {
      eventDate,
      newAddress,
      previousAddress,
      // A birth: the newborn as on the birth certificate; born on the event date.
      newborn: lifeEvent === 'birth' ? { name: newborn.name, nameKana: newborn.nameKana, birthDate: eventDate, sex: newborn.sex as 1 | 2 } : null,
      deceasedResidentId: lifeEvent === 'death' && deceasedId ? deceasedId : null,
      deathKnownDate: lifeEvent === 'death' && deathKnownDate ? deathKnownDate : null,
      plannedMoveOutDate: lifeEvent === 'moving_in' && plannedMoveOutDate ? plannedMoveOutDate : null,
      eventKind: eventKind && kinds.includes(eventKind) ? eventKind : null,
      destinationTenantId: lifeEvent === 'moving_out' && destinationTenantId ? destinationTenantId : null,
    };
    run(() => api.call.chooseLifeEvent({ requestId: newRequestId(), lifeEvent, details }));
  };
  return (
    <form className="life-event" onSubmit={submit}>
      <fieldset>
        <legend>{t('lifeEvent.which')}</legend>
        {VISIT_LIFE_EVENTS.map((event) => (
          <label key={event}>
            <input type="radio" name="life-event" value={event} checked={lifeEvent === event} onChange={() => setLifeEvent(event)} />
            {t(`catalog:lifeEvents.${event}`)}
          </label>
        ))}
      </fieldset>
      {kinds.length > 0 && (
        // One radio group per event (its own name), required: the browser names what is missing.
        <fieldset data-testid="event-kind">
          <legend>{t('lifeEvent.eventKind')}</legend>
          {kinds.map((kind) => (
            <label key={kind}>
              <input type="radio" name={`event-kind-${lifeEvent}`} value={kind} checked={eventKind === kind} onChange={() => setEventKind(kind)} required />
              {t(`lifeEvent.eventKinds.${kind}`)}
            </label>
          ))}
        </fieldset>
      )}
      <DateField label={t('lifeEvent.eventDate')} kind="recent" value={eventDate} onChange={setEventDate} required />
      {needsAddress && (
        <>
          <label>
            {lifeEvent === 'moving_out' || lifeEvent === 'moving_abroad' ? t('lifeEvent.destination') : t('lifeEvent.newAddress')}
            <input value={newAddress} onChange={(e) => setNewAddress(e.target.value)} maxLength={200} />
          </label>
          {lifeEvent === 'moving_out' && memberTowns.length > 0 && (
            <>
              <label>
                {t('lifeEvent.destinationTown')}
                <select value={destinationTenantId} onChange={(e) => setDestinationTenantId(e.target.value)} aria-describedby={destinationHintId}>
                  <option value="">{t('lifeEvent.destinationOther')}</option>
                  {memberTowns.map((town) => (
                    <option key={town.tenantId} value={town.tenantId}>
                      {town.nameJa}
                    </option>
                  ))}
                </select>
              </label>
              <p id={destinationHintId} className="hint">
                {t('lifeEvent.destinationHint')}
              </p>
            </>
          )}
          {(lifeEvent === 'moving_in' || lifeEvent === 'moving_in_from_abroad') && (
            <>
              <label>
                {t('lifeEvent.previousAddress')}
                <input value={previousAddress} onChange={(e) => setPreviousAddress(e.target.value)} maxLength={200} />
              </label>
              {lifeEvent === 'moving_in' && <DateField label={t('lifeEvent.plannedMoveOutDate')} kind="recent" value={plannedMoveOutDate} onChange={setPlannedMoveOutDate} />}
            </>
          )}
        </>
      )}
      {lifeEvent === 'birth' && (
        <fieldset>
          <legend>{t('lifeEvent.newborn')}</legend>
          <label>
            {t('lifeEvent.newbornName')}
            <input
              ref={newbornNameRef}
              value={newborn.name}
              onChange={(e) => {
                setNewborn({ ...newborn, name: e.target.value });
                if (e.target.value.trim()) setNameMissing(false);
              }}
              onInvalid={(e) => {
                e.preventDefault();
                flagNameMissing();
              }}
              required
              maxLength={100}
              aria-invalid={nameMissing || undefined}
              aria-describedby={nameMissing ? `${newbornNameId}-error` : undefined}
            />
          </label>
          {nameMissing && (
            <p id={`${newbornNameId}-error`} role="alert" className="notice error field-error" data-testid="newborn-name-error">
              {t('lifeEvent.newbornNameMissing')}
            </p>
          )}
          <label>
            {t('lifeEvent.newbornKana')}
            <input value={newborn.nameKana} onChange={(e) => setNewborn({ ...newborn, nameKana: e.target.value })} maxLength={100} />
          </label>
          <label>
            <input type="radio" name="newborn-sex" checked={newborn.sex === 1} onChange={() => setNewborn({ ...newborn, sex: 1 })} />
            {t('lifeEvent.male')}
          </label>
          <label>
            <input type="radio" name="newborn-sex" checked={newborn.sex === 2} onChange={() => setNewborn({ ...newborn, sex: 2 })} />
            {t('lifeEvent.female')}
          </label>
        </fieldset>
      )}
      {lifeEvent === 'death' && (
        <fieldset>
          <legend>{t('lifeEvent.deceased')}</legend>
          <p className="hint">{t('lifeEvent.deceasedHint')}</p>
          {members.map((m) => (
            <label key={m.residentId}>
              <input type="radio" name="deceased" value={m.residentId} checked={deceasedId === m.residentId} onChange={() => setDeceasedId(m.residentId)} required />
              {m.name}（{m.relation}）
            </label>
          ))}
          <DateField label={t('lifeEvent.deathKnownDate')} kind="recent" value={deathKnownDate} onChange={setDeathKnownDate} />
        </fieldset>
      )}
      <button className="primary" type="submit">
        {t('lifeEvent.judge')}
      </button>
      {visit.lifeEvent && <p role="status">{t('lifeEvent.judged', { count: visit.procedures.length })}</p>}
    </form>
  );
}

/** 手続き判定: every judged procedure with its reason; staff can remove or add one, with a reason. */
export function ProceduresStep({ api, visit, run }: { api: HostApi<'staff'>; visit: Visit; run: Run }) {
  const { t, i18n } = useTranslation('staff');
  const staffDate = useStaffDate();
  const members = new Map(visit.household?.members.map((m) => [m.residentId, m]) ?? []);
  const [catalog, setCatalog] = useState<{ procedureId: string; title: string }[]>([]);
  const [adding, setAdding] = useState({ procedureId: '', residentId: '', note: '' });
  const [notes, setNotes] = useState<Record<string, string>>({});
  const formId = useId();

  useEffect(() => {
    api.call.listCatalog({}).then((answer) => setCatalog(answer.procedures), () => setCatalog([]));
  }, [api, visit.lifeEvent]);

  const key = (procedureId: string, residentId: string | null) => `${procedureId}:${residentId ?? ''}`;
  return (
    <div className="procedures">
      <RefusalList visit={visit} />
      <table data-testid="procedure-table">
        <caption>{t('procedures.caption', { count: visit.procedures.filter((p) => p.included).length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('procedures.include')}</th>
            <th scope="col">{t('procedures.procedure')}</th>
            <th scope="col">{t('procedures.person')}</th>
            <th scope="col">{t('procedures.department')}</th>
            <th scope="col">{t('procedures.deadline')}</th>
            <th scope="col">{t('procedures.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {visit.procedures.map((line) => {
            const id = key(line.procedureId, line.residentId);
            const person = line.residentId ? members.get(line.residentId)?.name : t('procedures.household');
            const title = t(`catalog:procedures.${line.procedureId}.title`);
            return (
              <tr key={id} data-procedure={line.procedureId} className={line.included ? '' : 'excluded'}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('procedures.includeOne', { title, person })}
                    checked={line.included}
                    onChange={(e) => {
                      // Read now: React puts a controlled checkbox back to `checked` right after this handler, long
                      // before the queued command runs.
                      const included = e.target.checked;
                      run(() => api.call.setProcedure({ requestId: newRequestId(), procedureId: line.procedureId, residentId: line.residentId, included, note: notes[id] ?? '' }));
                    }}
                  />
                </td>
                <td>{title}</td>
                <td>{person}</td>
                <td>{line.department}</td>
                <td className="date">{line.deadline ? staffDate(line.deadline) : '—'}</td>
                <td>
                  {line.reasons.map((reason) => reasonText(reason, t, i18n.language as LanguageCode)).join(t('procedures.reasonsJoin'))}
                  {line.note && <span className="muted">（{line.note}）</span>}
                  <label className="inline-note">
                    <span className="visually-hidden">{t('procedures.changeReason', { title, person })}</span>
                    <input placeholder={t('procedures.changeReasonPlaceholder')} value={notes[id] ?? ''} onChange={(e) => setNotes({ ...notes, [id]: e.target.value })} maxLength={500} />
                  </label>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <form
        className="add-procedure"
        aria-labelledby={`${formId}-heading`}
        onSubmit={(event) => {
          event.preventDefault();
          run(() => api.call.setProcedure({ requestId: newRequestId(), procedureId: adding.procedureId, residentId: adding.residentId || null, included: true, note: adding.note }));
          setAdding({ procedureId: '', residentId: '', note: '' });
        }}
      >
        <h3 id={`${formId}-heading`}>{t('procedures.add')}</h3>
        {/* Each label names its control by id, and holds the label text only (a wrapping label would make the
            select's accessible name every option it lists). */}
        <div className="field">
          <label htmlFor={`${formId}-procedure`}>{t('procedures.procedure')}</label>
          <select id={`${formId}-procedure`} value={adding.procedureId} onChange={(e) => setAdding({ ...adding, procedureId: e.target.value })} required>
            <option value="">—</option>
            {catalog.map((entry) => (
              <option key={entry.procedureId} value={entry.procedureId}>
                {t(`catalog:procedures.${entry.procedureId}.title`, { defaultValue: entry.title })}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${formId}-person`}>{t('procedures.person')}</label>
          <select id={`${formId}-person`} value={adding.residentId} onChange={(e) => setAdding({ ...adding, residentId: e.target.value })}>
            <option value="">{t('procedures.household')}</option>
            {visit.household?.members.map((m) => (
              <option key={m.residentId} value={m.residentId}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${formId}-reason`}>{t('procedures.reason')}</label>
          <input id={`${formId}-reason`} value={adding.note} onChange={(e) => setAdding({ ...adding, note: e.target.value })} required maxLength={500} />
        </div>
        <button type="submit">{t('procedures.addButton')}</button>
      </form>
    </div>
  );
}

/** 内容確認 / 署名 / 完了: the resident acts on the customer screen; staff see where they are and submit. */
export function ConfirmSignFinish({ api, visit, run, tenantName }: { api: HostApi<'staff'>; visit: Visit; run: Run; tenantName: string | undefined }) {
  const { t } = useTranslation('staff');
  const submitRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (visit.step === 'sign' && visit.signed) submitRef.current?.focus();
  }, [visit.step, visit.signed]);
  if (visit.step === 'review') {
    return <p role="status" data-testid="review-status">{visit.confirmedAt ? t('review.confirmed') : t('review.waiting')}</p>;
  }
  if (visit.step === 'sign') {
    return (
      <div>
        <p role="status" data-testid="sign-status">{visit.signed ? t('sign.signed') : t('sign.waiting')}</p>
        <NumberlessForms visit={visit} />
        <button ref={submitRef} className="primary" disabled={!visit.signed} onClick={() => run(() => api.call.submitVisit({ requestId: newRequestId() }))}>
          {t('sign.submit')}
        </button>
        <ProxySignature api={api} visit={visit} run={run} />
      </div>
    );
  }
  if (visit.step === 'finish' && visit.result) {
    return (
      <div data-testid="finish">
        <p role="status">{t('finish.done', { receipt: visit.result.receiptNumber })}</p>
        <p>{t('finish.fee', { fee: visit.result.feeYen })}</p>
        <HandoffStatus api={api} visit={visit} run={run} />
        <ReceiptPanel api={api} />
        <GuidePdf api={api} />
        <section className="guide-preview" aria-label={t('finish.guidePreview')}>
          <Guide visit={visit} municipality={tenantName ?? ''} />
        </section>
      </div>
    );
  }
  return null;
}

/**
 * 特例転入: the handoff a 転出 to a member town made — its code, which the guide prints for the resident — or why it
 * could not be made yet, with the retry (the visit is submitted either way).
 */
function HandoffStatus({ api, visit, run }: { api: HostApi<'staff'>; visit: Visit; run: Run }) {
  const { t } = useTranslation('staff');
  const staffDate = useStaffDate();
  const handoff = visit.result?.handoff;
  if (!handoff) return null;
  if (handoff.status === 'created') {
    return (
      <p role="status" data-testid="handoff-created">
        {t('finish.handoffCreated', { town: handoff.destinationName, code: handoff.code, expiresOn: staffDate(handoff.expiresOn) })}
      </p>
    );
  }
  return (
    <div className="notice error" data-testid="handoff-failed">
      <p role="alert">{t('finish.handoffFailed', { town: handoff.destinationTenantId, message: handoff.error.message || t(`common:errors.${handoff.error.code}`, { defaultValue: handoff.error.code }) })}</p>
      <button type="button" onClick={() => run(() => api.call.retryHandoff({ requestId: newRequestId() }))}>
        {t('finish.handoffRetry')}
      </button>
    </div>
  );
}

/** Prints the guidance sheet to PDF through the host and offers it as a file to open, print or save. */
function GuidePdf({ api }: { api: HostApi<'staff'> }) {
  const { t } = useTranslation('staff');
  const [file, setFile] = useState<{ url: string; name: string } | null>(null);
  const [state, setState] = useState<'idle' | 'busy' | 'failed'>('idle');
  useEffect(() => () => void (file && URL.revokeObjectURL(file.url)), [file]);
  // The PDF is made: the focus goes to the link that opens it (the button keeps no purpose until then).
  const linkRef = useRef<HTMLAnchorElement>(null);
  useEffect(() => {
    if (file) linkRef.current?.focus();
  }, [file]);
  const make = async () => {
    setState('busy');
    try {
      const { fileName, pdfBase64 } = await api.call.exportGuidePdf({});
      const bytes = Uint8Array.from(atob(pdfBase64), (c) => c.charCodeAt(0));
      setFile({ url: URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' })), name: fileName });
      setState('idle');
    } catch {
      setState('failed');
    }
  };
  return (
    <p className="guide-pdf">
      <button onClick={() => void make()} disabled={state === 'busy'}>
        {t('finish.makePdf')}
      </button>{' '}
      {file && (
        <a ref={linkRef} href={file.url} download={file.name} data-testid="guide-pdf-link">
          {t('finish.openPdf', { name: file.name })}
        </a>
      )}
      {state === 'failed' && <span role="alert"> {t('finish.pdfFailed')}</span>}
    </p>
  );
}
