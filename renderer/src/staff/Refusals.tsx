import { useTranslation } from 'react-i18next';
import type { StaffView } from '../../../shared/contract';
import { intakeWarnings, type IntakeDraft } from '../../../shared/session/intake';

type Visit = NonNullable<StaffView['visit']>;

/**
 * Who this 転入 may not register (shared/rules/residence.ts), each with the law's reason; and, when nobody may, why
 * there is no 転入 to submit. Shown above the procedures: the refused get none.
 */
export function RefusalList({ visit }: { visit: Visit }) {
  const { t } = useTranslation('staff');
  const refused = visit.household?.members.filter((m) => m.refusal) ?? [];
  if (refused.length === 0) return null;
  const nobody = refused.length === visit.household!.members.length;
  return (
    <section className="notice warning refusals" aria-labelledby="refusals-heading" data-testid="staff-refusals">
      <h3 id="refusals-heading">{t('residence.heading')}</h3>
      <ul>
        {refused.map((m) => (
          <li key={m.residentId} data-refusal={m.refusal}>
            <strong>{m.name}</strong>：{t(`residence.refusals.${m.refusal}`)}
          </li>
        ))}
      </ul>
      {nobody && (
        <p role="alert" data-testid="staff-refusals-none">
          {t('residence.none')}
        </p>
      )}
    </section>
  );
}

/** Before confirming an intake: who will be refused, and 在留資格 text that names no status (computed from the draft as typed). */
export function IntakeWarnings({ draft }: { draft: Pick<IntakeDraft, 'members'> }) {
  const { t } = useTranslation('staff');
  const warnings = intakeWarnings(draft);
  if (warnings.length === 0) return null;
  const nameOf = (index: number) => {
    const m = draft.members[index]!;
    return m.name.trim() || m.alphabetName.trim() || `#${index + 1}`;
  };
  return (
    <ul className="notice warning" data-testid="intake-warnings">
      {warnings.map((w) => (
        <li key={`${w.residentId}:${w.kind}`} data-warning={w.kind === 'refusal' ? w.reason : w.kind}>
          {w.kind === 'refusal'
            ? t('residence.intakeWarning', { name: nameOf(w.index), reason: t(`residence.refusals.${w.reason}`) })
            : t('residence.unknownStatus', { name: nameOf(w.index), text: w.text })}
        </li>
      ))}
    </ul>
  );
}
