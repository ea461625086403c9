import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import IntlMessageFormat from 'intl-messageformat';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { RubyText } from '../../renderer/src/common/RubyText';
import { DEMO_CATALOGS } from '../../server/demo/catalog';
import { BUNDLED_LANGUAGES, LANGUAGES, STAFF_UI_LANGUAGES, type BundledLanguage } from '../domain/languages';
import { SCHOOL_STAGES } from '../rules/dates';
import { createI18n, icuLocale } from './create';
import { NAMESPACES, RESIDENT_NAMESPACES, languagesWith, namespacesOf, resources, type Namespace } from './resources';
import { hasRubyMarkup, parseRuby, rubyProblems, rubyReading, stripRuby } from './ruby';

type Tree = { [key: string]: unknown };

/** Every leaf of a resource tree as `dotted.key → text`. A leaf that is not a string is an error. */
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flatten(value as Tree, full)) out.set(k, v);
    } else throw new Error(`${full} is not a string or an object: ${JSON.stringify(value)}`);
  }
  return out;
}

/** The resource tree of one namespace in one language, or undefined when that language does not bundle it. */
function resourceOf(language: BundledLanguage, namespace: Namespace): Tree | undefined {
  return (resources as unknown as Record<string, Record<string, Tree | undefined>>)[language]?.[namespace];
}

/**
 * The parts of an ICU MessageFormat AST (intl-messageformat's `getAst()`, i.e. @formatjs/icu-messageformat-parser's
 * elements) that these checks read. `TYPE` mirrors the parser's enum; a test below pins the numbers.
 */
type IcuElement = { type: number; value?: string; pluralType?: 'cardinal' | 'ordinal'; options?: Record<string, { value: IcuElement[] }>; children?: IcuElement[] };
const TYPE = { literal: 0, argument: 1, number: 2, date: 3, time: 4, select: 5, plural: 6, pound: 7, tag: 8 } as const;
const ARGUMENT_TYPES: readonly number[] = [TYPE.argument, TYPE.number, TYPE.date, TYPE.time, TYPE.select, TYPE.plural];

/** Parses a message as i18next-icu does at run time (its locale, `ignoreTag`); throws on a syntax error. */
function parseMessage(text: string, language: BundledLanguage): IcuElement[] {
  return new IntlMessageFormat(text, icuLocale(language), undefined, { ignoreTag: true }).getAst() as unknown as IcuElement[];
}

/** Every element of the AST, depth first, including those inside plural/select branches and tags. */
function* elements(ast: readonly IcuElement[]): Generator<IcuElement> {
  for (const element of ast) {
    yield element;
    for (const option of Object.values(element.options ?? {})) yield* elements(option.value);
    if (element.children) yield* elements(element.children);
  }
}

/** The ICU argument names of a message (simple, number, date, select and plural arguments), sorted, once each. */
const argumentNames = (ast: readonly IcuElement[]) =>
  [...new Set([...elements(ast)].filter((e) => ARGUMENT_TYPES.includes(e.type)).map((e) => e.value ?? ''))].sort();

/** The plain text of a message as the parser read it (what is printed verbatim). */
const literalText = (ast: readonly IcuElement[]) => [...elements(ast)].filter((e) => e.type === TYPE.literal).map((e) => e.value ?? '').join('');

/** Counts of this app are small non-negative integers; a plural must have a branch for every category they hit. */
const COUNTS_TO_COVER = Array.from({ length: 101 }, (_, n) => n);

/** Problems with the plural arguments of one message in one language (CLDR categories via Intl.PluralRules). */
function pluralProblems(language: BundledLanguage, key: string, ast: readonly IcuElement[]): string[] {
  const problems: string[] = [];
  for (const element of elements(ast)) {
    if (element.type !== TYPE.plural) continue;
    const rules = new Intl.PluralRules(icuLocale(language), { type: element.pluralType ?? 'cardinal' });
    const categories: readonly string[] = rules.resolvedOptions().pluralCategories;
    const selectors = Object.keys(element.options ?? {});
    for (const selector of selectors) {
      if (!/^=\d+$/.test(selector) && !categories.includes(selector)) {
        problems.push(`${key}: plural category '${selector}' does not exist in ${language} (${categories.join('/')})`);
      }
    }
    const needed = new Set(COUNTS_TO_COVER.filter((n) => !selectors.includes(`=${n}`)).map((n) => rules.select(n)));
    for (const category of needed) {
      if (!selectors.includes(category)) problems.push(`${key}: plural {${element.value}} lacks '${category}', which ${language} uses`);
    }
  }
  return problems;
}

const count = (text: string, char: string) => text.split(char).length - 1;

// Japanese script that must not be left in another language's strings: kana, the kana-only marks (ー ・ 々 and
// the iteration marks) and CJK ideographs. Simplified Chinese legitimately uses ideographs (and 、。「」), so
// zh-CN is only checked for kana.
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}\u30fb\u30fc]/u;
const JAPANESE_SCRIPT = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u3000-\u303f\u30fb\u30fc\uff61-\uff9f]/u;
const JAPANESE_LOCALES: readonly BundledLanguage[] = ['ja', 'ja-x-easy'];

/**
 * やさしい日本語 separates phrases with spaces (分かち書き). Two slips that show it is missing: a particle glued to
 * the next word's furigana (`の[案内|あんない]`) and a て-form glued to its helper verb (`[見|み]てください`).
 * Okurigana before the next kanji (`[受|う]け[取|と]る`) and particles at the end of a phrase are fine.
 */
const GLUED_PHRASE = /[をはがにでのとへも]\[|て(?:ください|いる|います|いない|いません)/g;

/** The argument names of the Japanese reference, for comparison (its own test reports a syntax error). */
function referenceArguments(reference: string): string {
  try {
    return argumentNames(parseMessage(reference, 'ja')).join(',');
  } catch {
    return '(ja does not parse)';
  }
}

/** Problems with one translated string against its Japanese reference. Empty when it is fine. */
function stringProblems(language: BundledLanguage, key: string, text: string, reference: string): string[] {
  const problems: string[] = [];
  if (text.trim().length === 0) problems.push(`${key} is empty`);
  let ast: IcuElement[];
  try {
    ast = parseMessage(text, language);
  } catch (error) {
    return [...problems, `${key} is not ICU MessageFormat (${(error as Error).message}): ${text}`];
  }
  const want = referenceArguments(reference);
  const got = argumentNames(ast).join(',');
  if (got !== want) problems.push(`${key} arguments {${got}} differ from ja {${want}}`);
  problems.push(...pluralProblems(language, key, ast));
  // An ASCII apostrophe before { } < > (or # in a plural, or a second ') starts ICU quoting and vanishes.
  if (count(literalText(ast), "'") !== count(text, "'")) problems.push(`${key}: an apostrophe is read as ICU quoting (use ’): ${text}`);
  if (/<\/?[a-z]/i.test(text)) problems.push(`${key} has an HTML-like tag: ${text}`);
  if (language === 'zh-CN') {
    if (KANA.test(text)) problems.push(`${key} has kana: ${text}`);
  } else if (!JAPANESE_LOCALES.includes(language) && JAPANESE_SCRIPT.test(text)) {
    problems.push(`${key} has Japanese script: ${text}`);
  }
  if (language === 'ja-x-easy') {
    problems.push(...rubyProblems(text).map((problem) => `${key}: ${problem}`));
    for (const glued of text.match(GLUED_PHRASE) ?? []) problems.push(`${key}: no space between phrases at '${glued}' (分かち書き): ${text}`);
  }
  else if (hasRubyMarkup(text)) problems.push(`${key} has ruby markup outside ja-x-easy: ${text}`);
  return problems;
}

/** Keys missing from, and keys extra in, a translation compared with the Japanese reference. */
function keyProblems(translated: Map<string, string>, reference: Map<string, string>): string[] {
  const missing = [...reference.keys()].filter((key) => !translated.has(key)).map((key) => `missing ${key}`);
  const extra = [...translated.keys()].filter((key) => !reference.has(key)).map((key) => `extra ${key}`);
  return [...missing, ...extra];
}

describe('i18n resources', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const localesDir = path.join(here, 'locales');

  it('bundles exactly the languages that have a locale folder, all of them known languages', () => {
    const folders = readdirSync(localesDir).sort();
    assert.deepEqual(folders, [...BUNDLED_LANGUAGES].sort());
    for (const folder of folders) assert.ok((LANGUAGES as readonly string[]).includes(folder), folder);
  });

  it('bundles every designed language, in the order of LANGUAGES; the staff UI languages are among them', () => {
    assert.deepEqual([...BUNDLED_LANGUAGES], [...LANGUAGES]);
    for (const language of STAFF_UI_LANGUAGES) assert.ok((BUNDLED_LANGUAGES as readonly string[]).includes(language), language);
  });

  it('has one JSON file per bundled namespace in each folder, and resources import exactly those', () => {
    assert.deepEqual(Object.keys(resources).sort(), [...BUNDLED_LANGUAGES].sort());
    for (const language of BUNDLED_LANGUAGES) {
      const expected = [...namespacesOf(language)].sort();
      const files = readdirSync(path.join(localesDir, language)).sort();
      assert.deepEqual(files, expected.map((namespace) => `${namespace}.json`), `files of ${language}`);
      assert.deepEqual(Object.keys(resources[language]).sort(), expected, `namespaces of ${language}`);
    }
    assert.deepEqual([...languagesWith('staff')], [...STAFF_UI_LANGUAGES]);
    for (const namespace of RESIDENT_NAMESPACES) assert.deepEqual([...languagesWith(namespace)], [...BUNDLED_LANGUAGES]);
  });

  for (const namespace of NAMESPACES) {
    it(`ja/${namespace}: valid ICU, no empty strings and no ruby markup`, () => {
      const reference = resourceOf('ja', namespace);
      assert.ok(reference, `ja/${namespace} is bundled`);
      const problems = [...flatten(reference)].flatMap(([key, text]) => stringProblems('ja', key, text, text));
      assert.deepEqual(problems, []);
    });

    for (const language of languagesWith(namespace).filter((code) => code !== 'ja')) {
      it(`${language}/${namespace}: same keys and ICU arguments as ja, valid ICU and plurals, no empty string, right script and ruby`, () => {
        const reference = flatten(resourceOf('ja', namespace) ?? {});
        const tree = resourceOf(language, namespace);
        assert.ok(tree, `${language}/${namespace} is bundled`);
        const translated = flatten(tree);
        assert.deepEqual(keyProblems(translated, reference), []);
        const problems = [...translated].flatMap(([key, text]) => stringProblems(language, key, text, reference.get(key) ?? ''));
        assert.deepEqual(problems, []);
      });
    }
  }

  it('resolves every bundled language to its own strings in i18next (no code mangling, no silent fallback)', () => {
    for (const language of BUNDLED_LANGUAGES) {
      const i18n = createI18n(language, ['customer', 'common', 'catalog']);
      const customer = flatten(resourceOf(language, 'customer') ?? {});
      const catalog = flatten(resourceOf(language, 'catalog') ?? {});
      assert.equal(i18n.t('steps.identify.title'), customer.get('steps.identify.title'), language);
      assert.equal(i18n.t('catalog:procedures.moving_in_notification.title'), catalog.get('procedures.moving_in_notification.title'), language);
      assert.equal(i18n.t('stepOf', { current: 2, total: 6 }).includes('2'), true, `${language} interpolates`);
    }
  });

  it('formats every message of every language through i18next-icu: text without arguments comes out verbatim', () => {
    const problems: string[] = [];
    for (const language of BUNDLED_LANGUAGES) {
      const namespaces = namespacesOf(language);
      const i18n = createI18n(language, namespaces);
      for (const namespace of namespaces) {
        for (const [key, text] of flatten(resourceOf(language, namespace) ?? {})) {
          const ast = parseMessage(text, language);
          const values: Record<string, string | number> = {};
          for (const element of elements(ast)) {
            if (!ARGUMENT_TYPES.includes(element.type)) continue;
            const name = element.value ?? '';
            if (element.type === TYPE.plural || element.type === TYPE.number) values[name] = 2;
            else if (element.type === TYPE.select) values[name] = Object.keys(element.options ?? {}).find((o) => o !== 'other') ?? 'other';
            else values[name] ??= `<${name}>`;
          }
          const out = i18n.t(`${namespace}:${key}`, values);
          // i18next-icu returns the raw message when it cannot parse or lacks a value: braces would remain.
          if (/[{}]/.test(out)) problems.push(`${language}/${namespace}:${key} did not format: ${out}`);
          if (argumentNames(ast).length === 0 && out !== text) problems.push(`${language}/${namespace}:${key} changed: ${text} → ${out}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('keeps apostrophes as written (en, pt-BR, es, tl, id), with and without arguments', () => {
    const en = createI18n('en', ['staff', 'catalog']);
    assert.equal(en.t('catalog:procedures.child_allowance.bring'), "Bank account in the claimant's name, proof of health insurance (e.g. the health insurance eligibility certificate, Shikaku Kakuninsho), My Numbers of claimant and spouse");
    assert.equal(en.t('customerLanguage'), "Customer's language");
    assert.equal(en.t('reasons.parent_insurance', { insurance: 'NHI' }), "parent's insurance: NHI");
    assert.equal(createI18n('tl', ['catalog']).t('procedures.national_pension.explanation').includes("Employees' Pension"), true);
    let checked = 0;
    for (const language of ['en', 'pt-BR', 'es', 'tl', 'id'] as const) {
      for (const namespace of namespacesOf(language)) {
        for (const [key, text] of flatten(resourceOf(language, namespace) ?? {})) {
          if (!text.includes("'")) continue;
          checked += 1;
          assert.equal(count(literalText(parseMessage(text, language)), "'"), count(text, "'"), `${language}/${namespace}:${key}`);
        }
      }
    }
    assert.ok(checked >= 10, `${checked} strings with an apostrophe checked`);
    // What the check is for: ICU would eat these apostrophes.
    assert.equal(new IntlMessageFormat("it's '{name}' and ''", 'en', undefined, { ignoreTag: true }).format({ name: 'x' }), "it's {name} and '");
  });

  it('formats plurals with the CLDR forms of each language', () => {
    const en = createI18n('en', ['customer', 'staff']);
    assert.equal(en.t('procedures.count', { count: 1 }), '1 procedure');
    assert.equal(en.t('procedures.count', { count: 2 }), '2 procedures');
    assert.equal(en.t('staff:lifeEvent.judged', { count: 1 }), '1 procedure judged.');
    assert.equal(en.t('staff:lifeEvent.judged', { count: 2 }), '2 procedures judged.');
    assert.equal(en.t('staff:reasons.not_remaining_members', { count: 1, min: 2 }), '1 member remains (fewer than 2)');
    const pt = createI18n('pt-BR', ['customer']);
    assert.equal(pt.t('procedures.count', { count: 1 }), '1 procedimento');
    assert.equal(pt.t('procedures.count', { count: 2 }), '2 procedimentos');
    assert.equal(pt.t('procedures.count', { count: 0 }), 'nenhum procedimento', 'pt puts 0 in "one": =0 overrides it');
    assert.equal(createI18n('ja', ['staff']).t('lifeEvent.judged', { count: 1 }), '1 件の手続きを判定しました。');
    // Digits stay ASCII, also where the locale's default numbering is not (ne: Devanagari).
    assert.equal(createI18n('ne', ['customer']).t('procedures.count', { count: 12 }), '12 प्रक्रियाहरू');
    assert.equal(icuLocale('ja-x-easy'), 'ja-u-nu-latn');
  });

  it('renders the school stage through an ICU select, matching the stages labels', () => {
    for (const language of STAFF_UI_LANGUAGES) {
      const i18n = createI18n(language, ['staff']);
      for (const stage of SCHOOL_STAGES) {
        const label = i18n.t(`stages.${stage}`);
        assert.ok(i18n.t('reasons.school_age', { age: 7, stage }).endsWith(` → ${label}`), `${language} ${stage}`);
        assert.ok(i18n.t('reasons.not_school_age', { age: 7, stage, stages: label }).endsWith(` → ${label}`), `${language} not ${stage}`);
      }
    }
  });

  it('renders やさしい日本語 ruby after ICU formatting: base text and reading', () => {
    const easy = createI18n('ja-x-easy', ['customer']);
    const text = easy.t('procedures.count', { count: 3 });
    assert.equal(text, '3[件|けん]の [手続|てつづ]き');
    assert.deepEqual(parseRuby(text), [{ text: '3' }, { base: '件', reading: 'けん' }, { text: 'の ' }, { base: '手続', reading: 'てつづ' }, { text: 'き' }]);
    assert.equal(stripRuby(text), '3件の 手続き');
    assert.equal(rubyReading(text), '3けんの てつづき');
    assert.equal(
      renderToStaticMarkup(createElement(RubyText, { text })),
      // Readings are for sight only: hidden from the accessibility tree, so names carry the words once.
      '3<ruby>件<rt aria-hidden="true">けん</rt></ruby>の <ruby>手続<rt aria-hidden="true">てつづ</rt></ruby>き',
    );
    const receipt = easy.t('finish.receipt', { receipt: 'R-0042' });
    assert.equal(stripRuby(receipt), '受付番号：R-0042');
    assert.equal(renderToStaticMarkup(createElement(RubyText, { text: receipt })), '<ruby>受付<rt aria-hidden="true">うけつけ</rt></ruby><ruby>番号<rt aria-hidden="true">ばんごう</rt></ruby>：R-0042');
    assert.equal(renderToStaticMarkup(createElement(RubyText, { text: createI18n('en', ['customer']).t('welcome') })), 'Welcome');
  });

  it('keeps the two insurance papers apart in every language: 資格確認書 and 受給資格証明書 each have their own name', () => {
    // A health insurance eligibility certificate and a certificate carrying a care-need entitlement to the new
    // municipality are different papers; es once called both "certificado de elegibilidad". Each language names
    // them as its glossary (README.md) does, and a text mentions a paper exactly when its Japanese does.
    const romanised = { sk: 'Shikaku Kakuninsho', js: 'Jukyu Shikaku Shomeisho' };
    const names: Record<BundledLanguage, { sk: string; js: string }> = {
      ja: { sk: '資格確認書', js: '受給資格証明書' },
      'ja-x-easy': { sk: '資格確認書', js: '受給資格証明書' },
      en: romanised, 'pt-BR': romanised, tl: romanised, es: romanised, vi: romanised, ne: romanised, id: romanised,
      'zh-CN': { sk: '资格确认书', js: '领取资格证明书' },
      ko: { sk: '자격확인서', js: '수급 자격 증명서' },
    };
    const reference = flatten(resourceOf('ja', 'catalog') ?? {});
    const mentions = [...reference].filter(([, text]) => text.includes('資格確認書') || text.includes('受給資格証明書'));
    assert.ok(mentions.length >= 5, `${mentions.length} catalog texts name one of the papers`);
    const problems: string[] = [];
    for (const language of BUNDLED_LANGUAGES) {
      const translated = flatten(resourceOf(language, 'catalog') ?? {});
      for (const [key, ja] of reference) {
        const text = stripRuby(translated.get(key) ?? '');
        for (const paper of ['sk', 'js'] as const) {
          const inJapanese = ja.includes(names.ja[paper]);
          if (text.includes(names[language][paper]) !== inJapanese) problems.push(`${language} ${key}: ${inJapanese ? 'lacks' : 'has'} ${names[language][paper]}: ${text}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });

  it('calls 受付番号 a reception number in every language, never a fee receipt number', () => {
    // The words for a fee receipt (領収書) in each language; a message showing the {receipt} number must not use them.
    const feeReceipt: Record<BundledLanguage, RegExp> = {
      ja: /領収/, 'ja-x-easy': /領収/, en: /receipt/i, 'pt-BR': /recibo/i, tl: /receipt|resibo/i, es: /recibo/i,
      vi: /biên lai|hóa đơn/i, 'zh-CN': /收据|收条/, ko: /영수/, ne: /रसिद/, id: /kuitansi|tanda terima/i,
    };
    let checked = 0;
    const problems: string[] = [];
    for (const language of BUNDLED_LANGUAGES) {
      for (const namespace of namespacesOf(language)) {
        for (const [key, text] of flatten(resourceOf(language, namespace) ?? {})) {
          const ast = parseMessage(text, language);
          if (!argumentNames(ast).includes('receipt')) continue;
          checked += 1;
          // The words as printed, not the argument's name.
          if (feeReceipt[language].test(literalText(ast))) problems.push(`${language}/${namespace}:${key}: ${text}`);
        }
      }
    }
    assert.ok(checked >= BUNDLED_LANGUAGES.length, `${checked} messages with the reception number checked`);
    assert.deepEqual(problems, []);
  });

  it('catalog covers every procedure, department and life event of the demo catalogs', () => {
    const ja = resourceOf('ja', 'catalog') as {
      procedures: Record<string, Record<string, string>>;
      departments: Record<string, string>;
      lifeEvents: Record<string, string>;
    };
    const seeds = Object.values(DEMO_CATALOGS).flat();
    assert.ok(seeds.length > 0);
    const problems: string[] = [];
    for (const seed of seeds) {
      const procedure = ja.procedures[seed.procedureId];
      if (!procedure) problems.push(`procedure ${seed.procedureId}`);
      else for (const field of ['title', 'explanation', 'bring']) if (!procedure[field]) problems.push(`${seed.procedureId}.${field}`);
      if (!ja.departments[seed.department]) problems.push(`department ${seed.department}`);
      if (!ja.lifeEvents[seed.lifeEvent]) problems.push(`life event ${seed.lifeEvent}`);
    }
    assert.deepEqual([...new Set(problems)], []);
    for (const [name, label] of Object.entries(ja.departments)) assert.equal(label, name, 'ja department names map to themselves');
  });

  describe('the checks catch broken strings', () => {
    it('flags missing and extra keys', () => {
      const reference = new Map([['a', 'x'], ['b.c', 'y']]);
      assert.deepEqual(keyProblems(new Map([['a', 'x']]), reference), ['missing b.c']);
      assert.deepEqual(keyProblems(new Map([['a', 'x'], ['b.c', 'y'], ['d', 'z']]), reference), ['extra d']);
      assert.throws(() => flatten({ a: 3 }), /not a string/);
    });

    it('pins the parser element types the checks read', () => {
      const ast = parseMessage("a {b} {c, number} {d, select, x {y} other {z}} {e, plural, one {#} other {# <i>f</i>}}", 'en');
      assert.deepEqual(
        [...elements(ast)].map((e) => e.type),
        [TYPE.literal, TYPE.argument, TYPE.literal, TYPE.number, TYPE.literal, TYPE.select, TYPE.literal, TYPE.literal, TYPE.literal, TYPE.plural, TYPE.pound, TYPE.pound, TYPE.literal],
      );
      assert.deepEqual(argumentNames(ast), ['b', 'c', 'd', 'e']);
    });

    it('flags empty strings, ICU syntax errors and changed arguments', () => {
      assert.equal(stringProblems('en', 'k', ' ', 'あ').length, 1);
      assert.equal(stringProblems('en', 'k', '{current} of {all}', '{current} / {total}').length, 1);
      assert.equal(stringProblems('en', 'k', '{current} of', '{current} / {total}').length, 1);
      assert.deepEqual(stringProblems('en', 'k', '{total}: {current}', '{current} / {total}'), []);
      assert.match(stringProblems('en', 'k', '{current of', '{current}')[0] ?? '', /is not ICU MessageFormat/);
      assert.match(stringProblems('en', 'k', '{count, plural, one {#}}', '{count}')[0] ?? '', /is not ICU MessageFormat/, 'no other');
      assert.match(stringProblems('en', 'k', '{{current}} of {{total}}', '{current} / {total}')[0] ?? '', /is not ICU MessageFormat/, 'old i18next syntax');
      assert.equal(stringProblems('en', 'k', 'Hello <b>{name}</b>', '{name}').length, 1, 'tag');
      assert.equal(stringProblems('en', 'k', "'{name}'", '{name}').length, 2, 'quoted: the argument vanishes and so do the apostrophes');
      assert.equal(stringProblems('en', 'k', "don''t {name}", '{name}').length, 1, 'doubled apostrophe');
      assert.deepEqual(stringProblems('en', 'k', "it's {name}'s", '{name}'), []);
    });

    it('compares plural and select arguments and checks plural categories per language', () => {
      const ja = '{count, plural, other {# 件}}';
      assert.deepEqual(stringProblems('en', 'k', '{count, plural, one {# item} other {# items}}', ja), []);
      assert.deepEqual(stringProblems('en', 'k', '{count, plural, =0 {none} one {# item} other {# items}}', ja), []);
      assert.deepEqual(stringProblems('ko', 'k', '{count, plural, other {#건}}', ja), []);
      assert.deepEqual(stringProblems('ja', 'k', ja, ja), []);
      assert.equal(stringProblems('en', 'k', '{count, plural, other {# items}}', ja).length, 1, "en needs 'one'");
      assert.equal(stringProblems('pt-BR', 'k', '{count, plural, other {# itens}}', ja).length, 1, "pt-BR needs 'one'");
      assert.equal(stringProblems('tl', 'k', '{count, plural, other {# item}}', ja).length, 1, "tl (fil) needs 'one'");
      assert.equal(stringProblems('ja', 'k', '{count, plural, one {# 件} other {# 件}}', ja).length, 1, "ja has no 'one'");
      assert.equal(stringProblems('en', 'k', '{count, plural, one {#} few {#} other {#}}', ja).length, 1, "en has no 'few'");
      assert.equal(stringProblems('en', 'k', '{n, plural, one {# item} other {# items}}', ja).length, 1, 'renamed');
      assert.equal(stringProblems('en', 'k', '{stage, select, a {x} other {{stage}}}', '{age}').length, 1, 'select argument');
    });

    it('flags Japanese script outside Japanese, and only kana in Chinese', () => {
      for (const text of ['Bring your 在留カード', 'Bring ID。', 'ｶｰﾄﾞ', 'Done ー']) {
        assert.equal(stringProblems('pt-BR', 'k', text, 'x').length, 1, text);
      }
      assert.equal(stringProblems('zh-CN', 'k', '在留カード', 'x').length, 1);
      assert.equal(stringProblems('zh-CN', 'k', '请出示个人编号卡・在留卡', 'x').length, 1);
      assert.deepEqual(stringProblems('zh-CN', 'k', '在留卡、个人编号卡。', 'x'), []);
      assert.deepEqual(stringProblems('ja', 'k', '在留カード', 'x'), []);
      assert.deepEqual(stringProblems('vi', 'k', 'Thẻ lưu trú (zairyu card)', 'x'), []);
    });

    it('flags furigana problems in ja-x-easy and ruby markup elsewhere', () => {
      const easy = (text: string) => stringProblems('ja-x-easy', 'k', text, text);
      assert.deepEqual(easy('[市役所|しやくしょ]に [来|き]て ください。'), []);
      assert.deepEqual(easy('[14日|じゅうよっか][以内|いない]に {count}[人|にん]'), []);
      assert.deepEqual(easy('{count, plural, other {#[人|にん]の [手続|てつづ]き}}'), []);
      assert.deepEqual(easy('ようこそ'), []);
      assert.equal(easy('[市役所|しやくしょ]に来て ください。').length, 1, 'bare kanji');
      assert.equal(easy('{count, plural, other {#人}}').length, 1, 'bare kanji in a plural branch');
      assert.equal(easy('[しやくしょ|しやくしょ]').length, 1, 'base not kanji');
      assert.equal(easy('[市役所|shiyakusho]').length, 1, 'reading not kana');
      assert.equal(easy('[市役所|し]').length, 1, 'reading shorter than the kanji');
      assert.ok(easy('[市役所|しやくしょ に').length > 0, 'unclosed');
      assert.ok(easy('[市役所]').length > 0, 'no reading');
      assert.ok(easy('[市役所|しやくしょ|し]').length > 0, 'two bars');
      assert.ok(easy('{市役所|しやくしょ}').length > 0, 'the old brace markup is an ICU syntax error');
      assert.deepEqual(easy('[手続|てつづ]きの [案内|あんない]は、[別|べつ]の [紙|かみ]を [見|み]て ください。'), []);
      assert.deepEqual(easy('[受|う]け[取|と]って ください'), [], 'okurigana before kanji is one word');
      assert.equal(easy('[手続|てつづ]きの[案内|あんない]は、[別|べつ]の [紙|かみ]を [見|み]て ください。').length, 1, 'particle glued to the next word');
      assert.equal(easy('[入力|にゅうりょく]した ことは [消|き]えて いません。[紙|かみ]を [見|み]てください。').length, 1, 'て-form glued to ください');
      assert.equal(stringProblems('ja', 'k', '[市役所|しやくしょ]', '[市役所|しやくしょ]').length, 1);
      assert.equal(stringProblems('en', 'k', 'Go to [City Hall|shiyakusho]', 'x').length, 1);
      assert.deepEqual(stringProblems('en', 'k', '[does not apply] {current} of {total}', '{current} / {total}'), []);
    });
  });

  describe('ruby helpers', () => {
    const text = '[市役所|しやくしょ]に {name}さん';
    it('parses, strips and reads the markup', () => {
      assert.deepEqual(parseRuby(text), [{ base: '市役所', reading: 'しやくしょ' }, { text: 'に {name}さん' }]);
      assert.equal(stripRuby(text), '市役所に {name}さん');
      assert.equal(rubyReading(text), 'しやくしょに {name}さん');
      assert.equal(hasRubyMarkup(text), true);
      assert.equal(hasRubyMarkup('{current} / {total}'), false);
      assert.equal(hasRubyMarkup('[does not apply] {count, plural, one {#} other {#}}'), false);
      assert.deepEqual(parseRuby('[does not apply] x'), [{ text: '[does not apply] x' }]);
    });

    it('leaves the markup untouched through ICU formatting', () => {
      const formatted = new IntlMessageFormat(text, icuLocale('ja-x-easy'), undefined, { ignoreTag: true }).format({ name: '山田' });
      assert.equal(formatted, '[市役所|しやくしょ]に 山田さん');
      assert.deepEqual(parseRuby(String(formatted)), [{ base: '市役所', reading: 'しやくしょ' }, { text: 'に 山田さん' }]);
    });
  });
});
