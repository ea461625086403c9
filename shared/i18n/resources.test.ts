import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { BUNDLED_LANGUAGES, LANGUAGES } from '../domain/languages';
import { NAMESPACES, resources } from './resources';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)/g)].map((m) => m[1]).sort();
// Hiragana, katakana and CJK ideographs: Japanese script that must not be left in another language's strings.
const JAPANESE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff]/;

describe('i18n resources', () => {
  const here = path.dirname(fileURLToPath(import.meta.url));

  it('bundles exactly the languages that have a locale folder, all of them known languages', () => {
    const folders = readdirSync(path.join(here, 'locales')).sort();
    assert.deepEqual(folders, [...BUNDLED_LANGUAGES].sort());
    for (const folder of folders) assert.ok((LANGUAGES as readonly string[]).includes(folder), folder);
  });

  for (const language of BUNDLED_LANGUAGES.filter((code) => code !== 'ja')) {
    for (const namespace of NAMESPACES) {
      it(`${language}/${namespace} has every key of ja/${namespace}, no extra, same placeholders, no Japanese script`, () => {
        const reference = flatten(resources.ja[namespace] as Tree);
        const translated = flatten(resources[language][namespace] as Tree);
        assert.deepEqual([...translated.keys()].sort(), [...reference.keys()].sort());
        for (const [key, text] of translated) {
          assert.ok(text.trim().length > 0, `${key} is empty`);
          assert.deepEqual(placeholders(text), placeholders(reference.get(key) ?? ''), `${key} placeholders`);
          assert.ok(!JAPANESE_SCRIPT.test(text), `${key} has Japanese script: ${text}`);
        }
      });
    }
  }
});
