import { useTranslation } from 'react-i18next';
import type { StaffView } from '../../../shared/contract';
import { FORM_FIELDS, prefilledForms } from '../../../shared/session/forms';

type Visit = NonNullable<StaffView['visit']>;

/**
 * 申請書の確認: every form of the visit as it will be submitted, filled from the resident record and the
 * event — the same function builds what the host sends, so staff check exactly that. Nothing to type here.
 */
export function FormsReview({ visit }: { visit: Visit }) {
  const { t } = useTranslation('staff');
  const forms = prefilledForms(visit);
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
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}
