import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi, StaffView } from '../../../shared/contract';
import { newRequestId } from '../common/host-view';
import { deviceErrorOf } from './CardReader';
import { FORM_FIELDS, prefilledForms } from '../../../shared/session/forms';

type Visit = NonNullable<StaffView['visit']>;

/**
 * 申請書の確認: every form of the visit as it will be submitted, filled from the resident record and the
 * event — the same function builds what the host sends, so staff check exactly that. Nothing to type here.
 */
export function FormsReview({ api, visit }: { api: HostApi<'staff'>; visit: Visit }) {
  const { t } = useTranslation('staff');
  const forms = prefilledForms(visit);
  const needsNumber = (formId: string, residentId: string | undefined) =>
    residentId !== undefined && visit.procedures.some((line) => line.included && line.procedureId === formId && line.residentId === residentId && line.needsIndividualNumber);
  const missing = [...new Set(forms.filter((form) => needsNumber(form.formId, form.residentId) && !visit.individualNumberRead.includes(form.residentId!)).map((form) => form.residentId!))];
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
                  <td>{form.fields[field]}</td>
                </tr>
              ))}
              {needsNumber(form.formId, form.residentId) && (
                <tr>
                  <th scope="row">{t('forms.fields.individualNumber')}</th>
                  <td data-testid="individual-number" data-read={visit.individualNumberRead.includes(form.residentId!)}>
                    {visit.individualNumberRead.includes(form.residentId!) ? t('forms.individualNumberRead') : t('forms.individualNumberMissing')}
                  </td>
                </tr>
              )}
            </tbody>
          </table>
        </details>
      ))}
      {missing.length > 0 && <IndividualNumberRead api={api} names={missing.map((id) => members.get(id) ?? '')} />}
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
  const [failure, setFailure] = useState<{ code: string; params: Record<string, string | number | boolean> } | null>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = pin;
    setPin('');
    setBusy(true);
    setFailure(null);
    try {
      await api.call.readIndividualNumber({ requestId: newRequestId(), pin: sent });
    } catch (error) {
      setFailure(deviceErrorOf(error) ?? { code: 'card_protocol', params: {} });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="pin-form" onSubmit={(event) => void submit(event)} data-testid="individual-number-form">
      <p>{t('forms.individualNumberNeeded', { names: names.join('、') })}</p>
      {failure && (
        <p role="alert" className="notice error" data-testid="individual-number-error" data-code={failure.code}>
          {t(`devices.errors.${failure.code}`, failure.params)}
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
