import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostApi } from '../../../shared/contract';
import { formatDate } from '../../../shared/domain/dates';
import type { BundledLanguage } from '../../../shared/domain/languages';
import { stripRuby } from '../../../shared/i18n/ruby';
import { newRequestId } from '../common/host-view';
import { RubyText } from '../common/RubyText';
import { RELATION_KEYS, useJapaneseBeside } from './japanese';
import { PageArea, Pager, usePaging, type PageBlock } from './Pages';
import { ForWhom, ProcedureTitle, formatDates, type VisitView } from './Procedures';
import { groupProcedures } from './procedure-groups';

/**
 * 内容確認: what the forms will say — the event's date, the previous and new address, each member's name as it
 * will be registered (kana, alphabet), birth date and 続柄 — in the resident's language beside the Japanese,
 * then the procedures. Paged to fit the screen; the confirm button stays in view on every page.
 */
export function Review({ view, api, language }: { view: VisitView; api: HostApi<'customer'>; language: BundledLanguage }) {
  const { t } = useTranslation('customer');
  const ja = useJapaneseBeside(language);
  const r = (key: string, options?: Record<string, unknown>) => <RubyText text={t(key, options)} />;
  /** A field's name in the resident's language with the form's Japanese word beside it. */
  const label = (key: string) => (
    <>
      {r(key)}
      {ja && (
        <span lang="ja" className="ja-beside">
          {ja(key)}
        </span>
      )}
    </>
  );
  const date = (iso: string) => (
    <>
      {formatDate(iso, language)}
      {ja && (
        <span lang="ja" className="ja-beside">
          {formatDate(iso, 'ja')}
        </span>
      )}
    </>
  );
  // 続柄 as the form writes it, and what it means. やさしい日本語 says both in one: the term with its reading and,
  // where the word is hard, what it means (世帯主（家族の代表）).
  const relation = (term: string) => {
    const key = RELATION_KEYS[term];
    if (key && language === 'ja-x-easy') return r(`relations.${key}`);
    return (
      <>
        <span lang="ja">{term}</span>
        {key && language !== 'ja' && <span className="meaning">{r(`relations.${key}`)}</span>}
      </>
    );
  };

  const event: [string, ReactNode][] = [];
  if (view.eventDate) event.push(['review.eventDate', date(view.eventDate)]);
  if (view.previousAddress) event.push(['review.previousAddress', <span lang="ja">{view.previousAddress}</span>]);
  if (view.newAddress) event.push(['review.newAddress', <span lang="ja">{view.newAddress}</span>]);

  const blocks: PageBlock[] = [
    { key: 'forms', keepWithNext: true, node: <h2 className="section-heading">{label('review.forms')}</h2> },
    ...(event.length > 0
      ? [
          {
            key: 'event',
            node: (
              <dl className="event-fields">
                {event.map(([key, value]) => (
                  <div key={key} className="field">
                    <dt>{label(key)}</dt>
                    <dd>{value}</dd>
                  </div>
                ))}
              </dl>
            ),
          },
        ]
      : []),
    {
      key: 'members',
      keepWithNext: true,
      node: (
        <>
          <h3 className="section-heading">{label('review.members')}</h3>
          <div className="member-row member-head" aria-hidden="true">
            <span>{label('review.name')}</span>
            <span>{label('review.birthDate')}</span>
            <span>{label('review.relation')}</span>
          </div>
        </>
      ),
    },
    // A member this 転入 refuses is not on the forms (Refusals above says why).
    ...view.members.filter((m) => !m.refusal).map((m, i) => ({
      key: `member-${i}`,
      node: (
        <div className="member-row" data-testid="review-member">
          <p className="member-name">
            <span className="visually-hidden">{r('review.name')}: </span>
            <span className="name">{m.name}</span>
            {m.nameKana && (
              <span lang="ja" className="kana">
                {m.nameKana}
              </span>
            )}
            {m.alphabetName && m.alphabetName.toLowerCase() !== m.name.toLowerCase() && <span className="alphabet">{m.alphabetName}</span>}
          </p>
          <p>
            <span className="visually-hidden">{r('review.birthDate')}: </span>
            {date(m.birthDate)}
          </p>
          <p>
            <span className="visually-hidden">{r('review.relation')}: </span>
            {relation(m.relation)}
          </p>
        </div>
      ),
    })),
    {
      key: 'procedures',
      keepWithNext: true,
      node: (
        <h2 className="section-heading">
          {r('procedures.heading')} <span className="count">{r('procedures.count', { count: view.procedures.length })}</span>
        </h2>
      ),
    },
    ...groupProcedures(view.procedures).map((group) => ({
      key: `procedure-${group.procedureId}`,
      data: { 'data-procedure': group.procedureId } as const,
      node: (
        <div className="procedure-row">
          <ProcedureTitle procedureId={group.procedureId} language={language} level="h3" />
          <ForWhom group={group} view={view} />
          {group.deadlines.length > 0 && (
            <p className="deadline">
              {r('procedures.deadline')}: {formatDates(group.deadlines, language)}
            </p>
          )}
        </div>
      ),
    })),
  ];
  const paging = usePaging(blocks, JSON.stringify([language, view.members, view.procedures, view.eventDate, view.newAddress, view.previousAddress]));
  return (
    <section className="review" aria-label={stripRuby(t('steps.review.title'))}>
      <PageArea paging={paging} className="review-pages" />
      <footer className="step-footer">
        <Pager paging={paging} />
        {view.confirmed ? (
          <p role="status" className="done">
            {r('review.thanks')}
          </p>
        ) : (
          <button className="primary big" data-testid="confirm" onClick={() => void api.call.confirm({ requestId: newRequestId() })} aria-label={stripRuby(t('review.confirm'))}>
            {r('review.confirm')}
          </button>
        )}
      </footer>
    </section>
  );
}
