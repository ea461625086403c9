import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { coverageHouseholds, type ResidentRow } from './demo/generator';
import { idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

/**
 * Resident name search over HTTP with the seeded demo residents: whatever form of the name the clerk types
 * (spacing, hiragana/katakana, half width, 異体字, alphabet case and diacritics, 通称), the resident is found;
 * a birth date narrows; another tenant never sees the result; LIKE wildcards are just characters.
 */
const MINOKAMO = '212113';
const SAKAHOGI = '215015';

let backend: TestBackend;
let minokamo = '';
let sakahogi = '';
let admin = '';

const minokamoCoverage = coverageHouseholds(MINOKAMO).flatMap((h) => h.residents);
const sakahogiCoverage = coverageHouseholds(SAKAHOGI).flatMap((h) => h.residents);
/** Every resident id of 美濃加茂市 (coverage, generated and imported): never visible to 坂祝町. */
const minokamoIds = new Set<string>(minokamoCoverage.map((r) => r.resident_id));

function coverage(name: string, residents: ResidentRow[] = minokamoCoverage): ResidentRow {
  const found = residents.find((r) => r.name === name);
  assert.ok(found, `coverage resident ${name}`);
  return found;
}

interface Hit {
  residentId: string;
  name: string;
  birthDate: string;
  sex: number;
  address: string;
}

async function search(token: string, q: string, birthDate?: string): Promise<Hit[]> {
  const response = await backend.app.inject({
    method: 'GET',
    url: '/v1/residents',
    query: { q, limit: '100', ...(birthDate ? { birthDate } : {}) },
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.statusCode, 200, `${q}: ${response.body}`);
  return (response.json() as { results: Hit[] }).results;
}

/** Every query that must find the resident `id` in 美濃加茂市 — replayed from 坂祝町 at the end. */
const queriesUsed: { q: string; birthDate?: string }[] = [];

async function assertFinds(q: string, id: string, birthDate?: string): Promise<Hit[]> {
  queriesUsed.push({ q, ...(birthDate ? { birthDate } : {}) });
  const hits = await search(minokamo, q, birthDate);
  assert.ok(
    hits.some((h) => h.residentId === id),
    `"${q}"${birthDate ? ` (${birthDate})` : ''} should find ${id}; got ${JSON.stringify(hits.map((h) => h.name))}`,
  );
  return hits;
}

const toHiragana = (text: string) => text.replace(/[\u30A1-\u30F6]/gu, (c) => String.fromCodePoint((c.codePointAt(0) ?? 0) - 0x60));

/** Full-width katakana → half-width (ｶﾞ as ｶ + ﾞ), with ー → ｰ and the ideographic space → a plain one. */
function toHalfWidth(text: string): string {
  const base = 'ァアィイゥウェエォオカキクケコサシスセソタチッツテトナニヌネノハヒフヘホマミムメモャヤュユョヨラリルレロワヲンー・\u3000';
  const half = 'ｧｱｨｲｩｳｪｴｫｵｶｷｸｹｺｻｼｽｾｿﾀﾁｯﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓｬﾔｭﾕｮﾖﾗﾘﾙﾚﾛﾜｦﾝｰ･ ';
  let out = '';
  for (const char of text.normalize('NFD')) {
    if (char === '\u3099') out += 'ﾞ';
    else if (char === '\u309A') out += 'ﾟ';
    else {
      const index = [...base].indexOf(char);
      out += index >= 0 ? [...half][index] : char;
    }
  }
  return out;
}

before(async () => {
  backend = await startTestBackend();
  minokamo = await loginAs(backend, 'minokamo.counter');
  sakahogi = await loginAs(backend, 'sakahogi.counter');
  admin = await loginAs(backend, 'minokamo.admin');
});
after(() => backend.close());

describe('name search finds a resident however the name is typed', () => {
  const takahashi = coverage('髙橋　翔太');

  it('by the exact kanji name', async () => {
    const hits = await assertFinds(takahashi.name, takahashi.resident_id);
    const hit = hits.find((h) => h.residentId === takahashi.resident_id);
    assert.equal(hit?.name, '髙橋　翔太', 'the official characters are returned unchanged');
    assert.equal(hit?.birthDate, takahashi.birth_date);
    // What tells two people of one name apart at the counter: the sex and the household's address.
    const household = coverageHouseholds(MINOKAMO).find((h) => h.residents.some((r) => r.resident_id === takahashi.resident_id))!;
    assert.equal(hit?.sex, takahashi.sex);
    assert.equal(hit?.address, household.household.address);
  });

  it('with the ideographic space removed, replaced or added', async () => {
    for (const q of ['髙橋翔太', '髙橋 翔太', '髙橋　　翔太', '髙　橋　翔　太', '髙 橋翔 太']) await assertFinds(q, takahashi.resident_id);
  });

  it('by the reading in hiragana, in katakana and with small kana keyed large', async () => {
    assert.equal(takahashi.name_kana, 'タカハシ　ショウタ');
    for (const q of [toHiragana(takahashi.name_kana ?? ''), 'たかはししょうた', 'タカハシ　ショウタ', 'タカハシシヨウタ', 'たかはし']) await assertFinds(q, takahashi.resident_id);
  });

  it('by the reading in half-width katakana', async () => {
    const half = toHalfWidth(takahashi.name_kana ?? '');
    assert.equal(half, 'ﾀｶﾊｼ ｼｮｳﾀ');
    await assertFinds(half, takahashi.resident_id);
    await assertFinds('ﾀｶﾊｼｼｮｳﾀ', takahashi.resident_id);
    // Voiced sounds written with the separate half-width mark: ﾔﾏｻﾞｷ.
    const yamazaki = coverage('山﨑　大輔');
    await assertFinds(toHalfWidth(yamazaki.name_kana ?? ''), yamazaki.resident_id);
  });

  it('by a 異体字 variant of a seeded name (髙/高, 﨑/崎, 邊/辺/邉, 齋/斉/斎, 濵/浜, 櫻/桜, 𠮷/吉, 澤/沢, 廣/広)', async () => {
    const pairs: [stored: string, typed: string[]][] = [
      ['髙橋　翔太', ['高橋　翔太']],
      ['山﨑　大輔', ['山崎　大輔', '山嵜大輔']],
      ['渡邊　健一', ['渡辺　健一', '渡邉　健一']],
      ['渡邊　惠子', ['渡辺　恵子']],
      ['齋藤　隆', ['斉藤　隆', '斎藤　隆', '齊藤隆']],
      ['濵田　キヨ', ['浜田　キヨ', '濱田キヨ']],
      ['櫻井　千尋', ['桜井　千尋']],
      ['𠮷田　修', ['吉田　修']],
      ['澤田　彩', ['沢田　彩']],
      ['廣瀬　舞', ['広瀬　舞']],
    ];
    for (const [stored, typed] of pairs) {
      const resident = coverage(stored);
      for (const q of typed) await assertFinds(q, resident.resident_id);
    }
  });

  it('by a 異体字 variant the other way round: stored in the common form, typed in the variant (imported resident)', async () => {
    const householdId = randomUUID();
    const residentId = randomUUID();
    minokamoIds.add(residentId);
    const response = await backend.app.inject({
      method: 'POST',
      url: '/v1/admin/import',
      headers: { authorization: `Bearer ${admin}`, 'idempotency-key': idempotencyKey() },
      payload: {
        format: 'madoguchi-tenant-export/1',
        tenantId: MINOKAMO,
        exportedAt: backend.now.value.toISOString(),
        households: [{ householdId, householdNumber: 'T-SEARCH-1', postalCode: '505-0041', address: '岐阜県美濃加茂市太田町1番地' }],
        residents: [
          {
            residentId, householdId, relation: '世帯主', kind: 'japanese', name: '高崎　斉辺', nameKana: 'タカサキ　ナリベ', furiganaStatus: 'confirmed',
            alphabetName: null, alias: null, aliasKana: null, birthDate: '1970-04-01', sex: 1, nationality: null, residenceCategory: null,
            residenceStatus: null, periodOfStay: null, stayExpiresOn: null, residenceCardNumber: null, healthInsurance: 'national', pension: 'national',
            careCertified: false, hasMyNumberCard: false, supportMeasure: false, becameResidentOn: '1970-04-01', status: 'active', version: 1,
          },
        ],
        catalog: [],
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    for (const q of ['高崎　斉辺', '髙﨑　齋邊', '髙嵜斎邉', '高碕　齊辺']) await assertFinds(q, residentId);
  });

  it('by the alphabet name, case-insensitively and without diacritics (foreign residents)', async () => {
    const foreign = minokamoCoverage.filter((r) => r.kind === 'foreign' && r.alphabet_name);
    assert.ok(foreign.length >= 5);
    const plain = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/gu, '');
    const withDiacritics = foreign.filter((r) => plain(r.alphabet_name ?? '') !== r.alphabet_name);
    assert.ok(withDiacritics.length >= 1, 'the coverage data has an alphabet name with diacritics');
    for (const resident of foreign) {
      const alphabet = resident.alphabet_name ?? '';
      const words = alphabet.split(' ');
      for (const q of [alphabet, alphabet.toLowerCase(), plain(alphabet).toUpperCase(), plain(alphabet).toLowerCase(), words.slice(0, 2).join('  ').toLowerCase()]) {
        await assertFinds(q, resident.resident_id);
      }
    }
    for (const resident of withDiacritics) {
      const alphabet = resident.alphabet_name ?? '';
      const accented = alphabet.split(' ').find((w) => plain(w) !== w) ?? alphabet;
      await assertFinds(plain(accented).toLowerCase(), resident.resident_id);
      await assertFinds(plain(accented).toUpperCase(), resident.resident_id);
      // Full-width letters (an IME left in full-width mode) are folded too.
      await assertFinds(plain(accented).toLowerCase().replace(/[a-z]/gu, (c) => String.fromCodePoint((c.codePointAt(0) ?? 0) + 0xfee0)), resident.resident_id);
    }
    const hyphenated = foreign.find((r) => /^Oliveira Nakamura /u.test(r.alphabet_name ?? ''));
    if (hyphenated) await assertFinds('OLIVEIRA-NAKAMURA', hyphenated.resident_id);
  });

  it('by the residence card number read at the counter (any case), narrowed by name or birth date, never across tenants', async () => {
    const holder = minokamoCoverage.find((r) => r.residence_card_number && r.status === 'active');
    assert.ok(holder, 'a coverage resident with a residence card');
    const card = holder.residence_card_number!;
    const lookup = async (token: string, query: Record<string, string>) => {
      const response = await backend.app.inject({ method: 'GET', url: '/v1/residents', query: { limit: '100', ...query }, headers: { authorization: `Bearer ${token}` } });
      return { status: response.statusCode, results: response.statusCode === 200 ? (response.json() as { results: Hit[] }).results : [] };
    };
    assert.deepEqual((await lookup(minokamo, { residenceCardNumber: card })).results.map((r) => r.residentId), [holder.resident_id]);
    assert.deepEqual((await lookup(minokamo, { residenceCardNumber: card.toLowerCase() })).results.map((r) => r.residentId), [holder.resident_id]);
    assert.deepEqual((await lookup(minokamo, { residenceCardNumber: card, birthDate: holder.birth_date })).results.map((r) => r.residentId), [holder.resident_id]);
    assert.deepEqual((await lookup(minokamo, { residenceCardNumber: card, birthDate: '1901-01-01' })).results, []);
    assert.deepEqual((await lookup(minokamo, { residenceCardNumber: card, q: '存在しない名前' })).results, []);
    assert.deepEqual((await lookup(minokamo, { residenceCardNumber: 'ZZ99999999ZZ' })).results, []);
    assert.equal((await lookup(minokamo, {})).status, 400, 'a name or a card number is needed');
    assert.equal((await lookup(minokamo, { residenceCardNumber: 'AB12' })).status, 400);
    assert.deepEqual((await lookup(sakahogi, { residenceCardNumber: card })).results, [], 'another tenant never finds the holder');
  });

  it('a pre-application is read by its id (QR code), audited, and only in its own municipality', async () => {
    const get = (token: string, id: string) => backend.app.inject({ method: 'GET', url: `/v1/pre-applications/${id}`, headers: { authorization: `Bearer ${token}` } });
    const own = await get(minokamo, 'MINOKAMOBRAZILAA');
    assert.equal(own.statusCode, 200, own.body);
    const body = own.json() as { lifeEvent: string; name: string; language: string };
    assert.equal(body.lifeEvent, 'moving_in');
    assert.equal(body.name, minokamoCoverage.find((r) => r.nationality === 'BR' && r.relation === '妻')!.name);
    assert.equal(body.language, 'pt-BR');
    assert.equal((await get(sakahogi, 'MINOKAMOBRAZILAA')).statusCode, 404);
    assert.equal((await get(minokamo, 'lowercase1')).statusCode, 400);
  });

  it('by the 通称 (alias) and its reading', async () => {
    const withAlias = minokamoCoverage.filter((r) => r.alias);
    assert.ok(withAlias.length >= 2, 'the coverage data has residents with a 通称');
    for (const resident of withAlias) {
      const alias = resident.alias ?? '';
      for (const q of [alias, alias.replace(/\u3000/gu, ''), alias.replace(/\u3000/gu, ' ')]) await assertFinds(q, resident.resident_id);
      if (resident.alias_kana) {
        for (const q of [resident.alias_kana, toHiragana(resident.alias_kana), toHalfWidth(resident.alias_kana)]) await assertFinds(q, resident.resident_id);
      }
    }
  });

  it('every resident of the tenant (coverage and generated, from the admin export) is found by name + birth date and by reading', async () => {
    const response = await backend.app.inject({ method: 'GET', url: '/v1/admin/export', headers: { authorization: `Bearer ${admin}` } });
    assert.equal(response.statusCode, 200);
    const residents = (response.json() as { residents: { residentId: string; name: string; nameKana: string | null; alphabetName: string | null; birthDate: string; status: string }[] }).residents;
    assert.ok(residents.length > minokamoCoverage.length, 'generated residents are there too');
    for (const r of residents) minokamoIds.add(r.residentId);
    for (const r of residents.filter((x) => x.status === 'active')) {
      const byName = await search(minokamo, r.name, r.birthDate);
      assert.ok(byName.some((h) => h.residentId === r.residentId), `${r.name} ${r.birthDate}`);
      if (r.nameKana) {
        const byReading = await search(minokamo, toHiragana(r.nameKana), r.birthDate);
        assert.ok(byReading.some((h) => h.residentId === r.residentId), `${r.nameKana} ${r.birthDate}`);
      }
      if (r.alphabetName) {
        const byAlphabet = await search(minokamo, r.alphabetName.toLowerCase(), r.birthDate);
        assert.ok(byAlphabet.some((h) => h.residentId === r.residentId), `${r.alphabetName} ${r.birthDate}`);
      }
    }
  });
});

describe('narrowing and isolation', () => {
  it('a birth date narrows: same name with another birth date → not found', async () => {
    const resident = coverage('髙橋　翔太');
    const hits = await assertFinds(resident.name, resident.resident_id, resident.birth_date);
    assert.ok(hits.every((h) => h.birthDate === resident.birth_date));
    const shifted = (days: number) => new Date(Date.parse(`${resident.birth_date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    const others = [shifted(1), shifted(-1), shifted(-365)];
    for (const other of others) {
      assert.notEqual(other, resident.birth_date);
      const narrowed = await search(minokamo, resident.name, other);
      assert.ok(!narrowed.some((h) => h.residentId === resident.resident_id), other);
      assert.ok(narrowed.every((h) => h.birthDate === other));
    }
    const byReading = await search(minokamo, 'たかはし　しょうた', shifted(1));
    assert.ok(!byReading.some((h) => h.residentId === resident.resident_id));
  });

  it('a 坂祝町 session never finds a 美濃加茂市 resident, by any of the queries above', async () => {
    assert.ok(queriesUsed.length > 40);
    // Not vacuous: 坂祝町 has its own 髙橋 翔太 and finds it.
    const own = coverage('髙橋　翔太', sakahogiCoverage);
    assert.ok((await search(sakahogi, '高橋　翔太')).some((h) => h.residentId === own.resident_id));
    assert.ok(!minokamoIds.has(own.resident_id));
    for (const { q, birthDate } of queriesUsed) {
      const hits = await search(sakahogi, q, birthDate);
      const leaked = hits.filter((h) => minokamoIds.has(h.residentId));
      assert.deepEqual(leaked, [], `"${q}" from 坂祝町`);
    }
  });
});

describe('query text is data, not a pattern', () => {
  it("LIKE wildcards ('%', '_') do not match everything", async () => {
    for (const q of ['%', '_', '%%', '%_%', '\\', '\\%', '％', '＿']) {
      const hits = await search(minokamo, q);
      assert.equal(hits.length, 0, `"${q}" found ${hits.length}`);
    }
    // Inside a name, too: 髙_翔太 and 髙%太 are not 髙橋翔太.
    for (const q of ['髙_翔太', '髙%太', 'たかは_', 'nguy%huy', 'nguyen_minh']) {
      const hits = await search(minokamo, q);
      assert.equal(hits.length, 0, `"${q}" found ${JSON.stringify(hits.map((h) => h.name))}`);
    }
  });

  it('a query that normalises to nothing (a middle dot, a zero-width space) does not match everything', async () => {
    for (const q of ['・', '･', '\u200B', '\uFE00']) {
      const response = await backend.app.inject({ method: 'GET', url: '/v1/residents', query: { q, limit: '100' }, headers: { authorization: `Bearer ${minokamo}` } });
      // Either refused as an invalid query (400) or answered with nobody — never everybody, never a crash.
      if (response.statusCode === 400) continue;
      assert.equal(response.statusCode, 200, `${JSON.stringify(q)} → ${response.statusCode} ${response.body}`);
      const count = (response.json() as { results: Hit[] }).results.length;
      assert.equal(count, 0, `${JSON.stringify(q)} found ${count} residents`);
    }
  });
});
