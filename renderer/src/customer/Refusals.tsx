import { useTranslation } from 'react-i18next';
import { RubyText } from '../common/RubyText';
import type { VisitView } from './Procedures';

/**
 * The members this 転入 cannot register, with the reason in the resident's language (the view carries only the
 * reason's code: shared/rules/residence.ts). When nobody can be registered, a calm word that there is nothing to
 * file today and that staff will explain.
 */
export function Refusals({ view }: { view: VisitView }) {
  const { t } = useTranslation('customer');
  const refused = view.members.filter((m) => m.refusal);
  if (refused.length === 0) return null;
  const r = (key: string) => <RubyText text={t(key)} />;
  return (
    <section className="refusals" aria-labelledby="customer-refusals-heading" data-testid="customer-refusals">
      <h2 id="customer-refusals-heading">{r('refusal.heading')}</h2>
      {refused.length === view.members.length && <p data-testid="customer-refusals-none">{r('refusal.none')}</p>}
      <ul>
        {refused.map((m, i) => (
          <li key={i} data-refusal={m.refusal}>
            <strong>{m.name}</strong> {r(`refusal.reasons.${m.refusal}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}
