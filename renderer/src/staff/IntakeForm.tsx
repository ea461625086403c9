import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HostCallError, type HostApi, type StaffView } from '../../../shared/contract';
import { intakeLifeEvent, SEX_OF_RELATION, type IntakeDraft, type IntakeEdit, type IntakeMemberDraft } from '../../../shared/session/intake';
import { HEALTH_INSURANCES, PENSIONS } from '../../../shared/rules/types';
import { newRequestId } from '../common/host-view';
import { DateField } from './DateField';
import { IntakeWarnings } from './Refusals';

type Visit = NonNullable<StaffView['visit']>;
type Run = (action: () => Promise<unknown>) => void;

/** 続柄 as the 転出証明書 writes them, the common ones first (a quick choice, not typed). */
const RELATIONS = ['世帯主', '妻', '子', '夫', '父', '母', '孫', '兄', '姉', '弟', '妹', '子の妻', '同居人'] as const;
/** The sex after a 続柄 change: what the new one says, unless staff chose one the old 続柄 did not imply. */
function impliedSex(member: IntakeMemberDraft, relation: string): IntakeMemberDraft['sex'] {
  const chosenByStaff = member.sex !== null && member.sex !== SEX_OF_RELATION[member.relation];
  return chosenByStaff ? member.sex : (SEX_OF_RELATION[relation] ?? null);
}

/**
 * 転入 of people not in the register yet: the items of the 転出証明書 (or of passports and residence cards from
 * abroad), the whole household on one screen, in the certificate's order. Built for the keyboard: Tab moves
 * through the paper's items, dates are one field in 和暦 or 西暦, 続柄 and sex are quick choices, Alt+N adds a
 * person, Enter confirms. The host owns the draft: every change is sent as it is typed (a reload loses
 * nothing); a card read or an MRZ scan fills the form from the host.
 */
export function IntakeForm({ api, visit, intake, run }: { api: HostApi<'staff'>; visit: Visit; intake: IntakeDraft; run: Run }) {
  const { t } = useTranslation('staff');
  // What is being typed; the host's draft replaces it only when the host changed it otherwise (see `version`).
  const [draft, setDraft] = useState(intake);
  if (draft.version !== intake.version || draft.householdId !== intake.householdId) setDraft(intake);
  const [invalid, setInvalid] = useState<string[]>([]);
  const formRef = useRef<HTMLFormElement>(null);
  // The person just added, until their fieldset is there to take the cursor (the push may come before or after the answer).
  const [focusMember, setFocusMember] = useState<string | null>(null);
  const fromAbroad = intake.source === 'from_abroad';

  // A person just added: the cursor goes to their first item.
  useEffect(() => {
    if (!focusMember) return;
    const field = formRef.current?.querySelector<HTMLElement>(`[data-member="${focusMember}"] input, [data-member="${focusMember}"] select`);
    if (field) {
      field.focus();
      setFocusMember(null);
    }
  }, [draft, focusMember]);

  const edit = (patch: Partial<IntakeEdit>) => {
    const next = { ...draft, ...patch };
    setDraft(next);
    const { address, movedInOn, previousAddress, movedOutOn, members } = next;
    run(() => api.call.editIntake({ requestId: newRequestId(), edit: { address, movedInOn, previousAddress, movedOutOn, members } }));
  };
  const editMember = (residentId: string, patch: Partial<IntakeMemberDraft>) => edit({ members: draft.members.map((m) => (m.residentId === residentId ? { ...m, ...patch } : m)) });

  const addMember = () =>
    run(async () => {
      const added = await api.call.addIntakeMember({ requestId: newRequestId(), foreign: fromAbroad });
      setFocusMember(added.residentId);
    });

  const onKeyDown = (event: KeyboardEvent) => {
    // Ctrl+Enter confirms from any field (Enter alone does from a text field, not from a choice).
    if (event.ctrlKey && event.key === 'Enter') {
      event.preventDefault();
      formRef.current?.requestSubmit();
    }
    if (event.altKey && !event.repeat && (event.key === 'n' || event.key === 'N')) {
      event.preventDefault();
      addMember();
    }
  };

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    run(async () => {
      try {
        await api.call.confirmIntake({ requestId: newRequestId() });
        setInvalid([]);
      } catch (error) {
        const fields = error instanceof HostCallError && error.code === 'invalid_input' ? ((error.details as { fields?: string[] } | undefined)?.fields ?? []) : [];
        if (fields.length === 0) throw error;
        setInvalid(fields.map((field) => field.replace(/^intake\./, '')));
        return;
      }
      // The paper already says what the life-event step would ask: judged straight away, the clerk goes on from
      // the procedures (Alt+← goes back to change the event). A failure stops where it happened, nothing lost.
      const event = intakeLifeEvent(draft);
      if (!event) return;
      await api.call.nextStep({ requestId: newRequestId() });
      await api.call.chooseLifeEvent({ requestId: newRequestId(), ...event });
      await api.call.nextStep({ requestId: newRequestId() });
    });
  };
  // The first field still missing gets the cursor, so the clerk types straight on.
  useEffect(() => {
    const first = invalid[0];
    if (first) formRef.current?.querySelector<HTMLElement>(`[data-field="${first}"]`)?.focus();
  }, [invalid]);
  const flag = (field: string) => (invalid.includes(field) ? { 'aria-invalid': true as const } : {});

  const confirmed = visit.household?.isNew === true;
  return (
    <form ref={formRef} className="intake" onSubmit={confirm} onKeyDown={onKeyDown} noValidate aria-labelledby="intake-heading">
      <h3 id="intake-heading">{t(`intake.heading.${intake.source}`)}</h3>
      <div className="intake-household">
        <label>
          {fromAbroad ? t('intake.fromCountry') : t('intake.previousAddress')}
          <input autoFocus lang="ja" data-field="previousAddress" {...flag('previousAddress')} value={draft.previousAddress} maxLength={200} onChange={(e) => edit({ previousAddress: e.target.value })} />
        </label>
        {/* The day they moved in is most often the planned moving-out day: it starts as that (staff change it). */}
        {!fromAbroad && (
          <DateField
            label={t('intake.movedOutOn')}
            kind="recent"
            value={draft.movedOutOn}
            onChange={(movedOutOn) => edit({ movedOutOn: movedOutOn as IntakeEdit['movedOutOn'], movedInOn: draft.movedInOn && draft.movedInOn !== draft.movedOutOn ? draft.movedInOn : (movedOutOn as IntakeEdit['movedInOn']) })}
          />
        )}
        <label>
          {t('intake.address')}
          <input lang="ja" data-field="address" {...flag('address')} value={draft.address} maxLength={200} onChange={(e) => edit({ address: e.target.value })} />
        </label>
        <DateField label={t('intake.movedInOn')} kind="recent" value={draft.movedInOn} onChange={(movedInOn) => edit({ movedInOn: movedInOn as IntakeEdit['movedInOn'] })} />
      </div>
      {draft.members.map((m, index) => (
        <fieldset key={m.residentId} className="intake-member" data-member={m.residentId}>
          <legend>
            {t('intake.member', { number: index + 1 })}
            {draft.members.length > 1 && (
              <button type="button" className="link" onClick={() => run(() => api.call.removeIntakeMember({ requestId: newRequestId(), residentId: m.residentId }))}>
                {t('intake.remove', { number: index + 1 })}
              </button>
            )}
          </legend>
          <label>
            {t('identify.name')}
            <input lang="ja" data-field={`members.${index}.name`} {...flag(`members.${index}.name`)} value={m.name} maxLength={100} onChange={(e) => editMember(m.residentId, { name: e.target.value })} />
          </label>
          <label>
            {t('intake.kana')}
            <input lang="ja" value={m.nameKana} maxLength={100} onChange={(e) => editMember(m.residentId, { nameKana: e.target.value })} />
          </label>
          <DateField label={t('identify.birthDate')} kind="birth" compact value={m.birthDate} onChange={(birthDate) => editMember(m.residentId, { birthDate: birthDate as IntakeMemberDraft['birthDate'] })} />
          <label>
            {t('household.relation')}
            <select data-field={`members.${index}.relation`} {...flag(`members.${index}.relation`)} {...(index === 0 ? flag('members.head') : {})} value={m.relation} onChange={(e) => editMember(m.residentId, { relation: e.target.value, sex: impliedSex(m, e.target.value) })}>
              <option value="" />
              {RELATIONS.map((relation) => (
                <option key={relation}>{relation}</option>
              ))}
            </select>
          </label>
          <label>
            {t('identify.sex')}
            <select data-field={`members.${index}.sex`} {...flag(`members.${index}.sex`)} value={m.sex ?? ''} onChange={(e) => editMember(m.residentId, { sex: e.target.value ? (Number(e.target.value) as 1 | 2 | 9) : null })}>
              <option value="" />
              {[1, 2, 9].map((sex) => (
                <option key={sex} value={sex}>
                  {t('identify.sexValue', { sex: String(sex) })}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={m.foreign} onChange={(e) => editMember(m.residentId, { foreign: e.target.checked })} />
            {t('intake.foreign')}
          </label>
          {m.foreign ? <ForeignItems member={m} index={index} onChange={(patch) => editMember(m.residentId, patch)} flag={flag} /> : <JapaneseItems member={m} onChange={(patch) => editMember(m.residentId, patch)} />}
          <label>
            {t('intake.insurance')}
            <select value={m.healthInsurance} onChange={(e) => editMember(m.residentId, { healthInsurance: e.target.value as IntakeMemberDraft['healthInsurance'] })}>
              {HEALTH_INSURANCES.map((insurance) => (
                <option key={insurance} value={insurance}>
                  {t(`household.insurance.${insurance}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('intake.pension')}
            <select value={m.pension} onChange={(e) => editMember(m.residentId, { pension: e.target.value as IntakeMemberDraft['pension'] })}>
              {PENSIONS.map((pension) => (
                <option key={pension} value={pension}>
                  {t(`household.pension.${pension}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="check">
            <input type="checkbox" checked={m.hasMyNumberCard} onChange={(e) => editMember(m.residentId, { hasMyNumberCard: e.target.checked })} />
            {t('intake.myNumberCard')}
          </label>
        </fieldset>
      ))}
      <IntakeWarnings draft={draft} />
      <div className="intake-actions">
        <button type="button" onClick={addMember} aria-keyshortcuts="Alt+N">
          {t('intake.addMember')}
        </button>
        <button type="submit" className="primary" aria-keyshortcuts="Control+Enter">
          {t('intake.confirm')}
        </button>
        <button type="button" onClick={() => run(() => api.call.cancelIntake({ requestId: newRequestId() }))}>
          {t('intake.cancel')}
        </button>
        {invalid.length > 0 && (
          <p role="alert" className="notice error">
            {t('intake.incomplete', { count: invalid.length })}
            {invalid.includes('members.head') && ` ${t('intake.headNeeded')}`}
          </p>
        )}
        {confirmed && invalid.length === 0 && (
          <p role="status" data-testid="intake-confirmed">
            {t('intake.confirmed', { count: visit.household!.members.length })}
          </p>
        )}
      </div>
    </form>
  );
}

type MemberProps = { member: IntakeMemberDraft; onChange: (patch: Partial<IntakeMemberDraft>) => void };

/** 本籍 and 筆頭者: the 転出証明書's items for a Japanese national. */
function JapaneseItems({ member, onChange }: MemberProps) {
  const { t } = useTranslation('staff');
  return (
    <>
      <label>
        {t('intake.honseki')}
        <input lang="ja" value={member.honseki} maxLength={200} onChange={(e) => onChange({ honseki: e.target.value })} />
      </label>
      <label>
        {t('intake.hittousha')}
        <input lang="ja" value={member.hittousha} maxLength={100} onChange={(e) => onChange({ hittousha: e.target.value })} />
      </label>
    </>
  );
}

/** A foreign resident's items: the name in Latin letters, nationality, residence status and card — or the landing permission. */
function ForeignItems({ member, index, onChange, flag }: MemberProps & { index: number; flag: (field: string) => object }) {
  const { t } = useTranslation('staff');
  const text = (field: 'alphabetName' | 'nationality' | 'residenceStatus' | 'periodOfStay' | 'landingPort', label: string, max: number, lang?: string) => (
    <label>
      {label}
      <input lang={lang} data-field={`members.${index}.${field}`} {...flag(`members.${index}.${field}`)} value={member[field]} maxLength={max} onChange={(e) => onChange({ [field]: e.target.value })} />
    </label>
  );
  return (
    <>
      {text('alphabetName', t('intake.alphabetName'), 100, 'en')}
      {text('nationality', t('intake.nationality'), 50)}
      {text('residenceStatus', t('intake.residenceStatus'), 50, 'ja')}
      {text('periodOfStay', t('intake.periodOfStay'), 30, 'ja')}
      <DateField label={t('intake.stayExpiresOn')} value={member.stayExpiresOn} onChange={(stayExpiresOn) => onChange({ stayExpiresOn: stayExpiresOn as IntakeMemberDraft['stayExpiresOn'] })} />
      <label>
        {t('intake.residenceCardNumber')}
        <input
          lang="en"
          data-field={`members.${index}.residenceCardNumber`}
          {...flag(`members.${index}.residenceCardNumber`)}
          value={member.residenceCardNumber}
          maxLength={12}
          pattern="[A-Za-z0-9]{12}"
          onChange={(e) => onChange({ residenceCardNumber: e.target.value.replace(/[^A-Za-z0-9]/g, '').toUpperCase() })}
        />
      </label>
      {!member.residenceCardNumber && (
        <>
          <DateField label={t('intake.landingGrantedOn')} kind="recent" value={member.landingGrantedOn} onChange={(landingGrantedOn) => onChange({ landingGrantedOn: landingGrantedOn as IntakeMemberDraft['landingGrantedOn'] })} />
          {text('landingPort', t('intake.landingPort'), 50, 'ja')}
        </>
      )}
    </>
  );
}
