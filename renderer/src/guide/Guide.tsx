import { useMemo } from 'react';
import type { StaffView } from '../../../shared/contract';
import type { BundledLanguage } from '../../../shared/domain/languages';
import { ENDONYMS, htmlLang } from '../../../shared/domain/languages';
import { createI18n } from '../../../shared/i18n/create';
import { formatWareki } from '../../../shared/domain/wareki';
import { RubyText } from '../common/RubyText';

type Visit = NonNullable<StaffView['visit']>;

/** The Japanese form's 和暦 date, with the ISO date beside it for the resident's side. */
function WarekiDate({ iso }: { iso: string }) {
  return (
    <>
      <span lang="ja">{formatWareki(iso)}</span>
      <span className="local">{iso}</span>
    </>
  );
}

/**
 * 手続き案内書: an A4 sheet for the household listing each procedure — where, by when, what to bring — in
 * Japanese side by side with the resident's language. The same component is the staff screen's preview and
 * the page printed to PDF.
 */
export function Guide({ visit, municipality }: { visit: Visit; municipality: string }) {
  const language: BundledLanguage = visit.customerLanguage ?? 'ja';
  const ja = useMemo(() => createI18n('ja', ['catalog', 'customer']), []);
  const local = useMemo(() => createI18n(language, ['catalog', 'customer']), [language]);
  const bilingual = language !== 'ja';
  const members = new Map(visit.household?.members.map((m) => [m.residentId, m]) ?? []);
  const both = (key: string, options?: Record<string, unknown>) => (
    <>
      <span lang="ja">{ja.t(key, options)}</span>
      {bilingual && (
        <span className="local" lang={htmlLang(language)}>
          <RubyText text={local.t(key, options)} />
        </span>
      )}
    </>
  );
  return (
    <article className="guide" data-testid="guide" lang="ja">
      <header>
        <h1>
          手続き案内書
          {bilingual && (
            <span className="local" lang={htmlLang(language)}>
              <RubyText text={local.t('customer:procedures.heading')} />
            </span>
          )}
        </h1>
        <p>
          {municipality} ／ {ENDONYMS[language]}
          {visit.result && ` ／ 受付番号 ${visit.result.receiptNumber}`}
          {visit.details && ` ／ ${formatWareki(visit.details.eventDate)}`}
        </p>
      </header>
      <table>
        <thead>
          <tr>
            <th scope="col">{both('customer:procedures.heading')}</th>
            <th scope="col">{both('customer:review.name')}</th>
            <th scope="col">{both('customer:procedures.where')}</th>
            <th scope="col">{both('customer:procedures.deadline')}</th>
            <th scope="col">{both('customer:procedures.bring')}</th>
          </tr>
        </thead>
        <tbody>
          {visit.procedures
            .filter((line) => line.included)
            .map((line, index) => (
              <tr key={`${line.procedureId}-${index}`} data-procedure={line.procedureId}>
                <td>{both(`catalog:procedures.${line.procedureId}.title`)}</td>
                <td>{line.residentId ? members.get(line.residentId)?.name : both('customer:procedures.household')}</td>
                <td>{both(`catalog:departments.${line.department}`, { defaultValue: line.department })}</td>
                <td>{line.deadline ? <WarekiDate iso={line.deadline} /> : '—'}</td>
                <td>{both(`catalog:procedures.${line.procedureId}.bring`)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </article>
  );
}
