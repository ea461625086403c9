import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DEMO_CATALOGS } from '../../server/demo/catalog';
import { BUNDLED_LANGUAGES, LANGUAGES, STAFF_UI_LANGUAGES, type BundledLanguage } from '../domain/languages';
import { createI18n } from './create';
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

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();

// Japanese script that must not be left in another language's strings: kana, the kana-only marks (ー ・ 々 and
// the iteration marks) and CJK ideographs. Simplified Chinese legitimately uses ideographs (and 、。「」), so
// zh-CN is only checked for kana.
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}\u30fb\u30fc]/u;
const JAPANESE_SCRIPT = /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u3000-\u303f\u30fb\u30fc\uff61-\uff9f]/u;
const JAPANESE_LOCALES: readonly BundledLanguage[] = ['ja', 'ja-x-easy'];

/** Problems with one translated string against its Japanese reference. Empty when it is fine. */
function stringProblems(language: BundledLanguage, key: string, text: string, reference: string): string[] {
  const problems: string[] = [];
  if (text.trim().length === 0) problems.push(`${key} is empty`);
  const got = placeholders(text).join(',');
  const want = placeholders(reference).join(',');
  if (got !== want) problems.push(`${key} placeholders {{${got}}} differ from ja {{${want}}}`);
  if (language === 'zh-CN') {
    if (KANA.test(text)) problems.push(`${key} has kana: ${text}`);
  } else if (!JAPANESE_LOCALES.includes(language) && JAPANESE_SCRIPT.test(text)) {
    problems.push(`${key} has Japanese script: ${text}`);
  }
  if (language === 'ja-x-easy') problems.push(...rubyProblems(text).map((problem) => `${key}: ${problem}`));
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
    it(`ja/${namespace} has no empty strings and no ruby markup`, () => {
      const reference = resourceOf('ja', namespace);
      assert.ok(reference, `ja/${namespace} is bundled`);
      const problems = [...flatten(reference)].flatMap(([key, text]) => stringProblems('ja', key, text, text));
      assert.deepEqual(problems, []);
    });

    for (const language of languagesWith(namespace).filter((code) => code !== 'ja')) {
      it(`${language}/${namespace}: same keys and placeholders as ja, no empty string, right script and ruby`, () => {
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

    it('flags empty strings and changed placeholders', () => {
      assert.equal(stringProblems('en', 'k', ' ', 'あ').length, 1);
      assert.equal(stringProblems('en', 'k', '{{current}} of {{all}}', '{{current}} / {{total}}').length, 1);
      assert.equal(stringProblems('en', 'k', '{{current}} of', '{{current}} / {{total}}').length, 1);
      assert.deepEqual(stringProblems('en', 'k', '{{total}}: {{current}}', '{{current}} / {{total}}'), []);
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
      assert.deepEqual(easy('{市役所|しやくしょ}に {来|き}て ください。'), []);
      assert.deepEqual(easy('{14日|じゅうよっか}{以内|いない}に {{count}}{人|にん}'), []);
      assert.deepEqual(easy('ようこそ'), []);
      assert.equal(easy('{市役所|しやくしょ}に来て ください。').length, 1, 'bare kanji');
      assert.equal(easy('{しやくしょ|しやくしょ}').length, 1, 'base not kanji');
      assert.equal(easy('{市役所|shiyakusho}').length, 1, 'reading not kana');
      assert.equal(easy('{市役所|し}').length, 1, 'reading shorter than the kanji');
      assert.ok(easy('{市役所|しやくしょ に').length > 0, 'unclosed');
      assert.ok(easy('{市役所}').length > 0, 'no reading');
      assert.ok(easy('{市役所|しやくしょ|し}').length > 0, 'two bars');
      assert.equal(stringProblems('ja', 'k', '{市役所|しやくしょ}', 'x').length, 1);
      assert.equal(stringProblems('en', 'k', 'Go to {City Hall|shiyakusho}', 'x').length, 1);
      assert.deepEqual(stringProblems('en', 'k', '{{current}} of {{total}}', '{{current}} / {{total}}'), []);
    });
  });

  describe('ruby helpers', () => {
    const text = '{市役所|しやくしょ}に {{name}}さん';
    it('parses, strips and reads the markup', () => {
      assert.deepEqual(parseRuby(text), [{ base: '市役所', reading: 'しやくしょ' }, { text: 'に {{name}}さん' }]);
      assert.equal(stripRuby(text), '市役所に {{name}}さん');
      assert.equal(rubyReading(text), 'しやくしょに {{name}}さん');
      assert.equal(hasRubyMarkup(text), true);
      assert.equal(hasRubyMarkup('{{current}} / {{total}}'), false);
    });
  });
});
