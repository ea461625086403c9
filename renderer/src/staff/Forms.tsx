import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HostCallError, type HostApi, type StaffView } from '../../../shared/contract';
import { newRequestId } from '../common/host-view';
import { deviceErrorOf } from './CardReader';
import { FORM_FIELDS, prefilledForms } from '../../../shared/session/forms';
import { individualNumberNeeds, membersToRead } from '../../../shared/session/individual-number';
import { useStaffDate } from './staff-date';

type Visit = NonNullable<StaffView['visit']>;
/** Form fields holding an ISO date: shown to staff in words (the form itself carries the ISO date). */
const DATE_FIELDS = new Set<string>(['birthDate', 'eventDate']);

/**
 * 申請書の確認: every form of the visit as it will be submitted, filled from the resident record and the
 * event — the same function builds what the host sends, so staff check exactly that. Nothing to type here.
 */
export function FormsReview({ api, visit }: { api: HostApi<'staff'>; visit: Visit }) {
  const { t } = useTranslation('staff');
  const staffDate = useStaffDate();
  const forms = prefilledForms(visit);
  const needs = individualNumberNeeds(visit);
  const numberState = (formId: string, residentId: string | undefined) => needs.find((need) => need.procedureId === formId && need.residentId === residentId)?.state;
  // Only card holders are asked for a read; a member without a card is a form without the number (said below).
  const toRead = membersToRead(visit);
  const members = new Map(visit.household?.members.map((m) => [m.residentId, m.name]) ?? []);
  if (forms.length === 0) return null;
  return (
    <section className="forms" aria-labelledby="forms-heading" data-testid="forms">
      <h3 id="forms-heading">{t('forms.heading', { count: forms.length })}</h3>
      {forms.map((form, index) => (
        <details key={`${form.formId}-${form.residentId ?? 'household'}-${index}`} data-form={form.formId}>
          <summary>
            {t(`catalog:procedures.${form.formId}.title`, { defaultValue: form.formId })}
            {form.residentId ? ` — ${members.get(form.residentId) ?? ''}` : ` — ${t('forms.household')}`}
          </summary>
          <table>
            <tbody>
              {FORM_FIELDS.filter((field) => form.fields[field]).map((field) => (
                <tr key={field}>
                  <th scope="row">{t(`forms.fields.${field}`)}</th>
                  <td>{DATE_FIELDS.has(field) ? staffDate(form.fields[field]!) : form.fields[field]}</td>
                </tr>
              ))}
              {numberState(form.formId, form.residentId) && (
                <tr>
                  <th scope="row">{t('forms.fields.individualNumber')}</th>
                  <td data-testid="individual-number" data-state={numberState(form.formId, form.residentId)} data-read={numberState(form.formId, form.residentId) === 'read'}>
                    {t(`forms.individualNumberState.${numberState(form.formId, form.residentId)}`)}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </details>
      ))}
      {toRead.length > 0 && <IndividualNumberRead api={api} names={toRead.map((id) => members.get(id) ?? '')} />}
    </section>
  );
}

/**
 * 個人番号 for the forms that legally carry it: the holder's My Number card on the reader and its PIN. The
 * number goes to the host and into those forms only; this screen never shows it.
 */
function IndividualNumberRead({ api, names }: { api: HostApi<'staff'>; names: string[] }) {
  const { t } = useTranslation('staff');
  const [pin, setPin] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ code: string; text: string } | null>(null);
  /** What went wrong, in words: a device error, a card that is not the right person's (not a card fault), or else. */
  const explain = (error: unknown): { code: string; text: string } => {
    const device = deviceErrorOf(error);
    if (device) return { code: device.code, text: t(`devices.errors.${device.code}`, device.params) };
    const code = error instanceof HostCallError ? error.code : 'internal';
    const reason = error instanceof HostCallError ? (error.details as { reason?: unknown } | undefined)?.reason : undefined;
    if (reason === 'not_household_member' || reason === 'number_not_needed') return { code: reason, text: t(`forms.individualNumberRefused.${reason}`, { names: names.join('、') }) };
    return { code, text: t(`common:errors.${code}`) };
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = pin;
    setPin('');
    setBusy(true);
    setFailure(null);
    try {
      await api.call.readIndividualNumber({ requestId: newRequestId(), pin: sent });
    } catch (error) {
      setFailure(explain(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="pin-form" onSubmit={(event) => void submit(event)} data-testid="individual-number-form">
      <p>{t('forms.individualNumberNeeded', { names: names.join('、') })}</p>
      {failure && (
        <p role="alert" className="notice error" data-testid="individual-number-error" data-code={failure.code}>
          {failure.text}
        </p>
      )}
      <label>
        {t('cardReader.pin')}
        <input type="password" inputMode="numeric" autoComplete="off" pattern="[0-9]{4}" minLength={4} maxLength={4} value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} required />
      </label>
      <button type="submit" disabled={busy || pin.length !== 4}>
        {t('forms.readIndividualNumber')}
      </button>
    </form>
  );
}

/**
 * Before submitting: the forms that will go without the 個人番号, and for whom (no card, or not read), so staff
 * can still read a card or tell the resident that the department will ask. Nothing when every form has it.
 */
export function NumberlessForms({ visit }: { visit: Visit }) {
  const { t } = useTranslation('staff');
  const lacking = individualNumberNeeds(visit).filter((need) => need.state !== 'read');
  if (lacking.length === 0) return null;
  const members = new Map(visit.household?.members.map((m) => [m.residentId, m.name]) ?? []);
  return (
    <div className="notice warning" role="note" data-testid="numberless-forms">
      <p>{t('sign.lacksNumber')}</p>
      <ul>
        {lacking.map((need) => (
          <li key={`${need.procedureId}:${need.residentId}`} data-state={need.state}>
            {t('sign.lacksNumberLine', { form: t(`catalog:procedures.${need.procedureId}.title`, { defaultValue: need.procedureId }), name: members.get(need.residentId) ?? '', state: need.state })}
          </li>
        ))}
      </ul>
    </div>
  );
}
