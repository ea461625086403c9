import { useMemo, type ReactNode } from 'react';
import type { StaffView } from '../../../shared/contract';
import { formatDate } from '../../../shared/domain/dates';
import type { BundledLanguage } from '../../../shared/domain/languages';
import { ENDONYMS, htmlLang, residentLanguageOf } from '../../../shared/domain/languages';
import { createI18n } from '../../../shared/i18n/create';
import { japaneseTexts } from '../common/japanese-texts';
import { formatWareki } from '../../../shared/domain/wareki';
import { RubyText } from '../common/RubyText';
import './fonts';
import './guide.css';

type Visit = NonNullable<StaffView['visit']>;

/**
 * A date on paper: the Japanese form's 和暦, and under it the same day in the resident's words (none for
 * Japanese readers). Each is one unbreakable unit (guide.css), so a line never ends inside a date.
 */
function PaperDate({ iso, language }: { iso: string; language: BundledLanguage }) {
  return (
    <>
      <span className="date" lang="ja">
        {formatWareki(iso)}
      </span>
      {language !== 'ja' && (
        <span className="date local" lang={htmlLang(language)}>
          {formatDate(iso, language)}
        </span>
      )}
    </>
  );
}

type CreatedHandoff = Extract<NonNullable<NonNullable<Visit['result']>['handoff']>, { status: 'created' }>;

/** Where a sentence's date goes: the date itself is put in as one unbreakable unit (guide.css `.date`). */
const DATE_MARK = '\u2060DATE\u2060';
function withDate(sentence: string, text: (part: string) => ReactNode, date: string): ReactNode {
  const [before, after = ''] = sentence.split(DATE_MARK);
  return (
    <>
      {text(before ?? '')}
      <span className="date">{date}</span>
      {text(after)}
    </>
  );
}

/** Languages that read the town's name in kanji; the others get its English name. */
const KANJI_READERS: readonly BundledLanguage[] = ['ja', 'ja-x-easy', 'zh-CN'];

/**
 * 特例転入: the one-time code the family shows at the counter of the member town they move to, and until when —
 * in Japanese and in the resident's language. Printed on the sheet they take home (the slip carries no names).
 */
function HandoffCode({ handoff, language }: { handoff: CreatedHandoff; language: BundledLanguage }) {
  const ja = japaneseTexts();
  const local = useMemo(() => createI18n(language, ['customer']), [language]);
  const localLang = htmlLang(language);
  const town = KANJI_READERS.includes(language) ? handoff.destinationName : handoff.destinationNameEn;
  return (
    <section className="handoff" aria-labelledby="guide-handoff" data-testid="guide-handoff">
      <h2 id="guide-handoff">
        <span lang="ja">{ja.t('customer:handoff.heading')}</span>
        {language !== 'ja' && (
          <span className="local" lang={localLang}>
            <RubyText text={local.t('customer:handoff.heading')} />
          </span>
        )}
      </h2>
      <p className="handoff-code" lang="en" data-testid="handoff-code">
        {handoff.code}
      </p>
      <p>
        <span lang="ja">{withDate(ja.t('customer:handoff.body', { town: handoff.destinationName, date: DATE_MARK }), (text) => text, formatWareki(handoff.expiresOn))}</span>
        {language !== 'ja' && (
          <span className="local" lang={localLang}>
            {withDate(local.t('customer:handoff.body', { town, date: DATE_MARK }), (text) => <RubyText text={text} />, formatDate(handoff.expiresOn, language))}
          </span>
        )}
      </p>
    </section>
  );
}

/**
 * 手続き案内書: an A4 sheet for the household listing each procedure — where, by when, what to bring — in
 * Japanese side by side with the resident's language, and what their data is used for. The same component is
 * the staff screen's preview and the page printed to PDF. Every text carries its language (`lang`), which picks
 * its font (guide.css), so the PDF's text layer gives whole words in every language.
 */
export function Guide({ visit, municipality }: { visit: Visit; municipality: string }) {
  const language = residentLanguageOf(visit.customerLanguage);
  const ja = japaneseTexts();
  const local = useMemo(() => createI18n(language, ['catalog', 'customer']), [language]);
  const bilingual = language !== 'ja';
  const localLang = htmlLang(language);
  const members = new Map(visit.household?.members.map((m) => [m.residentId, m]) ?? []);
  const both = (key: string, options?: Record<string, unknown>) => (
    <>
      <span lang="ja">{ja.t(key, options)}</span>
      {bilingual && (
        <span className="local" lang={localLang}>
          <RubyText text={local.t(key, options)} />
        </span>
      )}
    </>
  );
  return (
    <article className={language === 'ja-x-easy' ? 'guide ruby' : 'guide'} data-testid="guide" lang="ja">
      <header>
        <h1>
          手続き案内書
          {bilingual && (
            <span className="local" lang={localLang}>
              <RubyText text={local.t('customer:procedures.heading')} />
            </span>
          )}
        </h1>
        <p>
          {municipality} ／ <span lang={localLang}>{ENDONYMS[language]}</span>
          {visit.result && ` ／ 受付番号 ${visit.result.receiptNumber}`}
          {visit.details && (
            <>
              {' ／ '}
              <span className="date">{formatWareki(visit.details.eventDate)}</span>
            </>
          )}
        </p>
      </header>
      <table>
        <colgroup>
          <col className="procedure" />
          <col className="name" />
          <col className="where" />
          <col className="deadline" />
          <col className="bring" />
        </colgroup>
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
                <td>{line.residentId ? <span className="person">{members.get(line.residentId)?.name}</span> : both('customer:procedures.household')}</td>
                <td>{both(`catalog:departments.${line.department}`, { defaultValue: line.department })}</td>
                <td>{line.deadline ? <PaperDate iso={line.deadline} language={language} /> : '—'}</td>
                <td>{both(`catalog:procedures.${line.procedureId}.bring`)}</td>
              </tr>
            ))}
        </tbody>
      </table>
      {visit.result?.handoff?.status === 'created' && <HandoffCode handoff={visit.result.handoff} language={language} />}
      <section className="privacy" aria-labelledby="guide-privacy">
        <h2 id="guide-privacy">{both('customer:privacy.heading')}</h2>
        <p>{both('customer:privacy.body')}</p>
      </section>
    </article>
  );
}
