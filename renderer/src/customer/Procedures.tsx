import { useTranslation } from 'react-i18next';
import type { CustomerView } from '../../../shared/contract';
import { formatDate } from '../../../shared/domain/dates';
import { htmlLang, type BundledLanguage } from '../../../shared/domain/languages';
import { stripRuby } from '../../../shared/i18n/ruby';
import { RubyText } from '../common/RubyText';
import { useJapaneseBeside } from './japanese';
import { PageArea, Pager, usePaging, type PageBlock } from './Pages';
import { groupProcedures, type ProcedureGroup } from './procedure-groups';

export type VisitView = Extract<CustomerView, { mode: 'visit' }>;

/** Who a procedure is for: the members' names, or "whole household" for a household-level procedure. */
export function ForWhom({ group, view }: { group: ProcedureGroup; view: VisitView }) {
  const { t } = useTranslation('customer');
  return (
    <p className="for">
      {group.members.map((member, i) => (
        <span key={i} className="person">
          {member !== null && view.members[member] ? view.members[member]!.name : <RubyText text={t('procedures.household')} />}
        </span>
      ))}
    </p>
  );
}

/** A procedure's title in the resident's language, with the Japanese name the paper uses beside it. */
export function ProcedureTitle({ procedureId, language, level }: { procedureId: string; language: BundledLanguage; level: 'h2' | 'h3' }) {
  const { t } = useTranslation('customer');
  const ja = useJapaneseBeside(language);
  const Heading = level;
  return (
    <div className="procedure-head">
      <Heading className="procedure-title">
        <RubyText text={t(`catalog:procedures.${procedureId}.title`)} />
      </Heading>
      {ja && (
        <span lang="ja" className="ja-beside">
          {ja(`catalog:procedures.${procedureId}.title`)}
        </span>
      )}
    </div>
  );
}

/**
 * 手続き (staff are still putting them together): one card per procedure with its members, what it is, where,
 * by when and what to bring — paged to fit the screen.
 */
export function ProceduresStep({ view, language }: { view: VisitView; language: BundledLanguage }) {
  const { t } = useTranslation('customer');
  const r = (key: string, options?: Record<string, unknown>) => <RubyText text={t(key, options)} />;
  const groups = groupProcedures(view.procedures);
  const blocks: PageBlock[] = groups.map((group) => ({
    key: group.procedureId,
    data: { 'data-procedure': group.procedureId },
    node: (
      <article className="procedure-card">
        <ProcedureTitle procedureId={group.procedureId} language={language} level="h3" />
        <ForWhom group={group} view={view} />
        <p className="explanation">{r(`catalog:procedures.${group.procedureId}.explanation`)}</p>
        <dl>
          <dt>{r('procedures.where')}</dt>
          <dd>{r(`catalog:departments.${group.department}`, { defaultValue: group.department })}</dd>
          {group.deadlines.length > 0 && (
            <>
              <dt>{r('procedures.deadline')}</dt>
              <dd>{formatDates(group.deadlines, language)}</dd>
            </>
          )}
          <dt>{r('procedures.bring')}</dt>
          <dd>{r(`catalog:procedures.${group.procedureId}.bring`)}</dd>
        </dl>
      </article>
    ),
  }));
  const paging = usePaging(blocks, JSON.stringify([language, view.procedures, view.members.map((m) => m.name)]));
  return (
    <section className="procedure-list" aria-label={stripRuby(t('procedures.heading'))}>
      <p className="count">{r('procedures.count', { count: view.procedures.length })}</p>
      <PageArea paging={paging} className="procedure-pages" list />
      <footer className="step-footer">
        <Pager paging={paging} />
      </footer>
    </section>
  );
}

/** Several dates as one phrase of the resident's language ("11 de dezembro de 2026 e 19 de dezembro de 2026"). */
export function formatDates(dates: readonly string[], language: BundledLanguage): string {
  return new Intl.ListFormat(htmlLang(language), { type: 'conjunction' }).format(dates.map((d) => formatDate(d, language)));
}
