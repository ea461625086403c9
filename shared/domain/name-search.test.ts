import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  KANJI_VARIANTS,
  isKanaOnly,
  nameSearchKeys,
  normalizeAlphabetName,
  normalizeKana,
  normalizeKanjiName,
  queryKeys,
} from './name-search';

/** Asserts every spelling gives the same key, and returns it. */
function sameKey(normalize: (text: string) => string, spellings: string[]): string {
  const [first, ...rest] = spellings.map(normalize);
  assert.ok(first !== undefined);
  for (const [index, key] of rest.entries()) assert.equal(key, first, `${spellings[index + 1]} vs ${spellings[0]}`);
  return first;
}

describe('normalizeKanjiName: 異体字', () => {
  it('folds 髙橋 into 高橋', () => {
    assert.equal(sameKey(normalizeKanjiName, ['髙橋', '高橋']), '高橋');
  });

  it('folds 山﨑 and 山嵜 (and 山碕) into 山崎', () => {
    assert.equal(sameKey(normalizeKanjiName, ['山﨑', '山崎', '山嵜', '山碕']), '山崎');
  });

  it('folds 渡邊 and 渡邉 into 渡辺', () => {
    assert.equal(sameKey(normalizeKanjiName, ['渡邊', '渡邉', '渡辺']), '渡辺');
  });

  it('folds 齋藤, 齊藤 and 斎藤 into 斉藤', () => {
    assert.equal(sameKey(normalizeKanjiName, ['齋藤', '斉藤', '齊藤', '斎藤']), '斉藤');
  });

  it('folds 濵田 and 濱田 into 浜田', () => {
    assert.equal(sameKey(normalizeKanjiName, ['濵田', '濱田', '浜田']), '浜田');
  });

  it('folds the other listed old forms (澤, 廣, 德, 國, 櫻, 嶋, 冨, 𠮷 …)', () => {
    assert.equal(normalizeKanjiName('大澤廣德'), '大沢広徳');
    assert.equal(normalizeKanjiName('櫻井眞惠'), '桜井真恵');
    assert.equal(normalizeKanjiName('中嶋冨美'), '中島富美');
    assert.equal(normalizeKanjiName('𠮷田'), '吉田');
  });

  it('leaves compatibility ideographs to NFKC (塚 U+FA10 → 塚)', () => {
    assert.equal(normalizeKanjiName('大\uFA10'), '大塚');
  });

  it('keeps different names apart', () => {
    assert.notEqual(normalizeKanjiName('斉藤'), normalizeKanjiName('佐藤'));
    assert.notEqual(normalizeKanjiName('浜田'), normalizeKanjiName('浜口'));
    assert.notEqual(normalizeKanjiName('高橋'), normalizeKanjiName('髙田'));
    assert.equal(normalizeKanjiName('山田'), '山田');
  });
});

describe('normalizeKanjiName: spacing and variation selectors', () => {
  it('drops ideographic and half-width spaces', () => {
    assert.equal(sameKey(normalizeKanjiName, ['山田　太郎', '山田 太郎', '山田太郎', ' 山田  太郎 ', '山田\t太郎']), '山田太郎');
  });

  it('drops middle dots (・ ･ ·)', () => {
    assert.equal(sameKey(normalizeKanjiName, ['マリア・サントス', 'マリア･サントス', 'マリア·サントス', 'マリアサントス']), 'マリアサントス');
  });

  it('strips IVS selectors so 葛󠄀 (葛 + U+E0100) matches 葛', () => {
    assert.equal(sameKey(normalizeKanjiName, ['葛\u{E0100}城', '葛\u{E0101}城', '葛城']), '葛城');
    assert.equal(normalizeKanjiName('辻\u{E0100}'), '辻');
  });

  it('strips standard variation selectors U+FE00–FE0F', () => {
    assert.equal(normalizeKanjiName('山\uFE00田\uFE0F'), '山田');
  });

  it('strips a selector after a variant before folding it (邊 + IVS → 辺)', () => {
    assert.equal(normalizeKanjiName('渡邊\u{E0103}'), '渡辺');
  });

  it('folds full-width Latin and digits by NFKC', () => {
    assert.equal(normalizeKanjiName('ＳＩＬＶＡ１'), 'SILVA1');
  });
});

describe('KANJI_VARIANTS table', () => {
  const entries = Object.entries(KANJI_VARIANTS);

  it('has the pairs the counter relies on', () => {
    const required: [string, string][] = [
      ['髙', '高'], ['﨑', '崎'], ['嵜', '崎'], ['碕', '崎'], ['邊', '辺'], ['邉', '辺'], ['齋', '斉'], ['齊', '斉'],
      ['斎', '斉'], ['濵', '浜'], ['濱', '浜'], ['澤', '沢'], ['廣', '広'], ['德', '徳'], ['國', '国'], ['櫻', '桜'],
      ['藏', '蔵'], ['眞', '真'], ['惠', '恵'], ['與', '与'], ['當', '当'], ['來', '来'], ['實', '実'], ['龍', '竜'],
      ['瀨', '瀬'], ['冨', '富'], ['嶋', '島'], ['嶌', '島'], ['槗', '橋'], ['髮', '髪'],
    ];
    for (const [variant, common] of required) assert.equal(KANJI_VARIANTS[variant], common, variant);
  });

  it('has no identity entries', () => {
    for (const [variant, common] of entries) assert.notEqual(variant, common, `identity entry ${variant}`);
  });

  it('maps single code points to single code points', () => {
    for (const [variant, common] of entries) {
      assert.equal([...variant].length, 1, `key ${variant} is not one code point`);
      assert.equal([...common].length, 1, `value ${common} (for ${variant}) is not one code point`);
    }
  });

  it('is stable under NFKC, so no entry is unreachable after normalization', () => {
    for (const [variant, common] of entries) {
      assert.equal(variant.normalize('NFKC'), variant, `key ${variant} changes under NFKC`);
      assert.equal(common.normalize('NFKC'), common, `value ${common} changes under NFKC`);
    }
  });

  it('has no chains (no value is itself a key), so the key is idempotent', () => {
    for (const [variant, common] of entries) assert.equal(KANJI_VARIANTS[common], undefined, `${variant} → ${common} → …`);
    for (const name of ['髙橋', '渡邊', '齋藤', '山﨑', '葛\u{E0100}城']) {
      assert.equal(normalizeKanjiName(normalizeKanjiName(name)), normalizeKanjiName(name));
    }
  });

  it('is frozen', () => {
    assert.ok(Object.isFrozen(KANJI_VARIANTS));
  });
});

describe('normalizeKana', () => {
  it('folds half-width kana, hiragana and katakana to one key', () => {
    assert.equal(sameKey(normalizeKana, ['ﾔﾏﾀﾞ ﾀﾛｳ', 'やまだ たろう', 'ヤマダタロウ', 'ヤマダ　タロウ', 'やまだ・たろう']), 'ヤマダタロウ');
  });

  it('composes half-width and stand-alone voiced marks (ｶﾞ, か゛)', () => {
    assert.equal(normalizeKana('ｶﾞﾄｳ'), 'ガトウ');
    assert.equal(normalizeKana('か゛とう'), 'ガトウ');
    assert.equal(normalizeKana('ﾊﾟｸ'), 'パク');
  });

  it('enlarges small kana (キョウコ/キヨウコ, ハットリ/ハツトリ)', () => {
    assert.equal(sameKey(normalizeKana, ['キョウコ', 'キヨウコ', 'きょうこ', 'ｷｮｳｺ']), 'キヨウコ');
    assert.equal(sameKey(normalizeKana, ['ハットリ', 'ハツトリ']), 'ハツトリ');
    assert.equal(normalizeKana('ァィゥェォッャュョヮヵヶ'), 'アイウエオツヤユヨワカケ');
  });

  it('folds ヴ into ブ, and ヴァ/ヴィ/ヴェ/ヴォ into バ/ビ/ベ/ボ', () => {
    assert.equal(sameKey(normalizeKana, ['デイヴ', 'デイブ', 'でいゔ', 'ﾃﾞｲｳﾞ']), 'デイブ');
    assert.equal(sameKey(normalizeKana, ['ヴィクトリア', 'ビクトリア']), 'ビクトリア');
    assert.equal(sameKey(normalizeKana, ['グエン・ヴァン・アン', 'グエン バン アン']), 'グエンバンアン');
  });

  it('folds ヂ/ジ, ヅ/ズ and the historical kana ヰ ヱ ヲ', () => {
    assert.equal(sameKey(normalizeKana, ['ちぢわ', 'チジワ']), 'チジワ');
    assert.equal(sameKey(normalizeKana, ['ミヅキ', 'みずき']), 'ミズキ');
    assert.equal(normalizeKana('ヰヱヲ'), 'イエオ');
  });

  it('drops long-vowel marks and their look-alikes, but not a written vowel (オーノ = オノ ≠ オオノ)', () => {
    assert.equal(sameKey(normalizeKana, ['オーノ', 'オノ', 'ｵｰﾉ', 'オ～ノ', 'オ〜ノ', 'オ‐ノ', 'オ-ノ', 'オ－ノ', 'おーの']), 'オノ');
    assert.equal(normalizeKana('オオノ'), 'オオノ');
    assert.notEqual(normalizeKana('オオノ'), normalizeKana('オーノ'));
  });

  it('keeps different readings apart', () => {
    assert.notEqual(normalizeKana('ヤマダ'), normalizeKana('ヤマタ'));
    assert.notEqual(normalizeKana('サトウ'), normalizeKana('サイトウ'));
  });

  it('is idempotent', () => {
    for (const reading of ['ﾔﾏﾀﾞ ﾀﾛｳ', 'キョウコ', 'ヴィクトリア', 'オーノ', 'か゛とう']) {
      assert.equal(normalizeKana(normalizeKana(reading)), normalizeKana(reading));
    }
  });
});

describe('normalizeAlphabetName', () => {
  it('strips Vietnamese diacritics and collapses spaces', () => {
    assert.equal(normalizeAlphabetName('Nguyễn Văn  An'), 'NGUYEN VAN AN');
    assert.equal(sameKey(normalizeAlphabetName, ['Nguyễn', 'NGUYEN', 'nguyen', 'ＮＧＵＹＥＮ']), 'NGUYEN');
    assert.equal(normalizeAlphabetName('Đặng Thị Hương'), 'DANG THI HUONG');
  });

  it('turns commas, hyphens and apostrophes into one space', () => {
    assert.equal(normalizeAlphabetName('SILVA, João'), 'SILVA JOAO');
    assert.equal(normalizeAlphabetName('o\'brien'), 'O BRIEN');
    assert.equal(normalizeAlphabetName('O’Brien'), 'O BRIEN');
    assert.equal(normalizeAlphabetName('Jean-Luc  ,  Picard'), 'JEAN LUC PICARD');
    assert.equal(normalizeAlphabetName('  santos\u3000maria  '), 'SANTOS MARIA');
  });

  it('folds letters with no decomposition (ß → SS, Đ/đ → D)', () => {
    assert.equal(normalizeAlphabetName('Weiß'), 'WEISS');
    assert.equal(normalizeAlphabetName('đỗ'), 'DO');
    assert.equal(normalizeAlphabetName('Łukasz'), 'LUKASZ');
  });

  it('is case-insensitive: João/JOAO, SANTOS/santos', () => {
    assert.equal(sameKey(normalizeAlphabetName, ['João', 'JOAO', 'joão', 'JOÃO']), 'JOAO');
    assert.equal(sameKey(normalizeAlphabetName, ['SANTOS, Maria', 'santos maria', 'Santos Maria']), 'SANTOS MARIA');
  });

  it('keeps word order as written: SANTOS MARIA is not MARIA SANTOS', () => {
    // Deliberate: the order on the residence card is part of the name; a prefix search on the family name
    // still finds it, and reordering would let unrelated names collide.
    assert.notEqual(normalizeAlphabetName('SANTOS, Maria'), normalizeAlphabetName('Maria Santos'));
    assert.equal(normalizeAlphabetName('Maria Santos'), 'MARIA SANTOS');
  });
});

describe('nameSearchKeys', () => {
  it('derives every key without touching the input', () => {
    const input = Object.freeze({ name: '渡邊　太郎', kana: 'ﾜﾀﾅﾍﾞ ﾀﾛｳ', alphabet: 'Watanabe Tarō', alias: '髙橋 花子', aliasKana: 'たかはし はなこ' });
    assert.deepEqual(nameSearchKeys(input), {
      nameKey: '渡辺太郎',
      kanaKey: 'ワタナベタロウ',
      alphabetKey: 'WATANABE TARO',
      aliasKey: '高橋花子',
      aliasKanaKey: 'タカハシハナコ',
    });
    assert.equal(input.name, '渡邊　太郎');
  });

  it('gives null for absent or blank optional fields', () => {
    assert.deepEqual(nameSearchKeys({ name: '山田太郎' }), { nameKey: '山田太郎', kanaKey: null, alphabetKey: null, aliasKey: null, aliasKanaKey: null });
    assert.deepEqual(nameSearchKeys({ name: '山田太郎', kana: '　', alphabet: ' , ', alias: null, aliasKana: '' }), {
      nameKey: '山田太郎',
      kanaKey: null,
      alphabetKey: null,
      aliasKey: null,
      aliasKanaKey: null,
    });
  });
});

describe('isKanaOnly', () => {
  it('accepts hiragana, katakana and half-width kana with spaces, dots and ー', () => {
    for (const text of ['やまだ', 'ヤマダ', 'ﾔﾏﾀﾞ', 'やまだ たろう', 'ヤマダ　タロウ', 'オーノ', 'マリア・サントス', 'ｵｰﾉ']) {
      assert.equal(isKanaOnly(text), true, text);
    }
  });

  it('rejects kanji, Latin, digits, 々 and text without any kana letter', () => {
    for (const text of ['', ' ', 'ー', '・', '山田', '山田 たろう', 'silva', 'やまだ1', '佐々木', '々']) {
      assert.equal(isKanaOnly(text), false, text);
    }
  });
});

describe('queryKeys', () => {
  it('sets kanaKey for a hiragana query', () => {
    assert.deepEqual(queryKeys('やまだ'), { nameKey: 'やまだ', kanaKey: 'ヤマダ', alphabetKey: null });
  });

  it('sets kanaKey for half-width and katakana queries, matching the stored reading key', () => {
    const stored = nameSearchKeys({ name: '山田太郎', kana: 'ヤマダ タロウ' });
    assert.equal(queryKeys('ﾔﾏﾀﾞ ﾀﾛｳ').kanaKey, stored.kanaKey);
    assert.equal(queryKeys('やまだ　たろう').kanaKey, stored.kanaKey);
  });

  it('sets alphabetKey for a Latin query', () => {
    assert.deepEqual(queryKeys('silva'), { nameKey: 'silva', kanaKey: null, alphabetKey: 'SILVA' });
    assert.equal(queryKeys('ｓｉｌｖａ').alphabetKey, 'SILVA');
  });

  it('sets only nameKey for a kanji query, folded like the stored name', () => {
    assert.deepEqual(queryKeys('山田'), { nameKey: '山田', kanaKey: null, alphabetKey: null });
    assert.equal(queryKeys('髙橋').nameKey, nameSearchKeys({ name: '高橋' }).nameKey);
  });

  it('sets neither kanaKey nor alphabetKey for mixed kanji and kana', () => {
    assert.deepEqual(queryKeys('山田 たろう'), { nameKey: '山田たろう', kanaKey: null, alphabetKey: null });
  });
});
