import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { nameSearchKeys } from '../../shared/domain/name-search';
import { openPglite } from '../db/pglite';
import { HOUSEHOLD_COLUMNS, MAX_PARAMETERS, RESIDENT_COLUMNS, insertHouseholds } from './bulk-insert';
import {
  DEFAULT_REFERENCE_DATE,
  coverageHouseholds,
  generateHouseholds,
  generateTenantCodes,
  isValidLocalGovernmentCode,
  localGovernmentCheckDigit,
  type GeneratedHousehold,
  type ResidentRow,
} from './generator';

const REF = DEFAULT_REFERENCE_DATE;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CARD = /^[A-Z]{2}\d{8}[A-Z]{2}$/;

// ── independent date arithmetic (not the generator's) ────────────────────────────────────────────────

function ymd(date: string): [number, number, number] {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  assert.ok(match, `date format: ${date}`);
  const parts: [number, number, number] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(parts[0], parts[1] - 1, parts[2]));
  assert.equal(check.getUTCFullYear() * 10000 + (check.getUTCMonth() + 1) * 100 + check.getUTCDate(), parts[0] * 10000 + parts[1] * 100 + parts[2], `calendar date: ${date}`);
  return parts;
}

function age(birth: string, ref = REF): number {
  const [by, bm, bd] = ymd(birth);
  const [ry, rm, rd] = ymd(ref);
  return ry - by - (rm * 100 + rd < bm * 100 + bd ? 1 : 0);
}

function months(birth: string, ref = REF): number {
  const [by, bm, bd] = ymd(birth);
  const [ry, rm, rd] = ymd(ref);
  return (ry - by) * 12 + (rm - bm) - (rd < bd ? 1 : 0);
}

/** School grade in the fiscal year of ref: 1–6 小学校, 7–9 中学校, 10–12 高校 (cohort: 2 April – 1 April). */
function grade(birth: string, ref = REF): number {
  const [by, bm, bd] = ymd(birth);
  const [ry, rm] = ymd(ref);
  const cohort = bm * 100 + bd >= 402 ? by : by - 1;
  const fiscalYear = rm >= 4 ? ry : ry - 1;
  return fiscalYear - cohort - 6;
}

/** Months in a period of stay such as '5年', '6月'. */
function monthsOf(period: string): number {
  const match = /^(?:(\d+)年)?(?:(\d+)月)?$/u.exec(period);
  assert.ok(match && (match[1] || match[2]), `period of stay: ${period}`);
  return Number(match[1] ?? 0) * 12 + Number(match[2] ?? 0);
}

function addMonths(date: string, count: number): string {
  const [y, m, d] = ymd(date);
  const index = y * 12 + (m - 1) + count;
  const ny = Math.floor(index / 12);
  const nm = (index % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return `${ny}-${String(nm).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

// ── the CHECK constraints and NOT NULLs of 001_core.sql, as assertions ───────────────────────────────

const NOT_NULL_RESIDENT: (keyof ResidentRow)[] = [
  'tenant_id', 'resident_id', 'household_id', 'relation', 'kind', 'name', 'furigana_status', 'birth_date', 'sex',
  'health_insurance', 'pension', 'care_certified', 'has_my_number_card', 'support_measure', 'became_resident_on', 'status',
  'name_key', 'version', 'updated_at',
];

function assertHouseholdRules(entry: GeneratedHousehold, ref = REF): void {
  const { household, residents } = entry;
  assert.match(household.tenant_id, /^[0-9]{6}$/);
  assert.match(household.household_id, UUID);
  assert.equal(typeof household.household_number, 'string');
  assert.ok(household.household_number.length > 0);
  assert.ok(household.address.startsWith('岐阜県'), household.address);
  assert.ok(household.postal_code === null || /^\d{3}-\d{4}$/.test(household.postal_code));
  assert.ok(residents.length > 0, 'a household has members');
  assert.equal(residents.filter((r) => r.relation === '世帯主').length, 1, 'exactly one 世帯主');
  for (const r of residents) assertResidentRules(r, ref, household.household_id);
}

function assertResidentRules(r: ResidentRow, ref: string, householdId: string): void {
  for (const column of NOT_NULL_RESIDENT) assert.notEqual(r[column], null, `${column} NOT NULL`);
  assert.deepEqual(Object.keys(r).sort(), [...RESIDENT_COLUMNS].sort());
  assert.match(r.tenant_id, /^[0-9]{6}$/);
  assert.match(r.resident_id, UUID);
  assert.equal(r.household_id, householdId);
  assert.ok(['japanese', 'foreign'].includes(r.kind), 'kind CHECK');
  assert.ok(['unconfirmed', 'surname_only', 'given_only', 'confirmed'].includes(r.furigana_status), 'furigana_status CHECK');
  assert.ok([1, 2, 9].includes(r.sex), 'sex CHECK');
  assert.ok(['national', 'employee', 'late_elderly', 'welfare', 'none'].includes(r.health_insurance), 'health_insurance CHECK');
  assert.ok(['national', 'employee', 'dependent_spouse', 'recipient', 'none'].includes(r.pension), 'pension CHECK');
  assert.ok(['active', 'removed'].includes(r.status), 'status CHECK');
  assert.ok(['世帯主', '妻', '夫', '子', '父', '母', '同居人'].includes(r.relation), `relation ${r.relation}`);
  assert.ok(Number.isInteger(r.version));
  for (const flag of [r.care_certified, r.has_my_number_card, r.support_measure]) assert.equal(typeof flag, 'boolean');

  // Dates: valid calendar days, born no later than today, resident no earlier than born.
  ymd(r.birth_date);
  ymd(r.became_resident_on);
  assert.ok(r.birth_date <= ref && r.became_resident_on >= r.birth_date && r.became_resident_on <= ref, `${r.birth_date} / ${r.became_resident_on}`);
  const years = age(r.birth_date, ref);
  assert.ok(years >= 0 && years <= 110);

  // Name: surname and given name split by one U+3000; the search keys are nameSearchKeys of the fields.
  assert.equal(r.name.split('\u3000').length, r.kind === 'foreign' && r.alphabet_name === r.name ? 1 : 2, r.name);
  assert.ok(r.name_kana === null || /^[\u30A0-\u30FF\u3000]+$/u.test(r.name_kana), `katakana reading: ${r.name_kana}`);
  const keys = nameSearchKeys({ name: r.name, kana: r.name_kana, alphabet: r.alphabet_name, alias: r.alias, aliasKana: r.alias_kana });
  assert.deepEqual(
    { nameKey: r.name_key, kanaKey: r.kana_key, alphabetKey: r.alphabet_key, aliasKey: r.alias_key, aliasKanaKey: r.alias_kana_key },
    keys,
  );

  // Insurance and age agree.
  if (years >= 75 && r.health_insurance !== 'welfare') assert.equal(r.health_insurance, 'late_elderly');
  if (r.health_insurance === 'late_elderly') assert.ok(years >= 75);
  if (r.pension === 'dependent_spouse') assert.ok(years >= 20 && years < 60 && ['妻', '夫', '世帯主'].includes(r.relation));
  if (r.pension === 'national') assert.ok(years >= 20 && years < 60);
  if (r.pension === 'recipient') assert.ok(years >= 65);
  if (years < 20) assert.ok(r.pension === 'none' || r.pension === 'employee');
  if (r.care_certified) assert.ok(years >= 40);

  if (r.kind === 'japanese') {
    for (const column of ['alphabet_name', 'alias', 'alias_kana', 'nationality', 'residence_category', 'residence_status', 'period_of_stay', 'stay_expires_on', 'residence_card_number'] as const) {
      assert.equal(r[column], null, `${column} is for foreign residents`);
    }
    return;
  }
  assert.ok(r.nationality && ['PH', 'BR', 'VN', 'CN', 'KR', 'PE'].includes(r.nationality));
  assert.ok(r.became_resident_on >= '2012-07-09', 'foreign residents are on the register from 2012-07-09');
  assert.match(r.residence_card_number ?? '', CARD);
  if (r.alias !== null) {
    assert.ok(r.alias_kana !== null);
    assert.doesNotMatch(r.alias, /[A-Za-z\u00C0-\u024F\u1E00-\u1EFF]/u, '通称 has no alphabet');
  }
  if (r.residence_category === '特別永住者') {
    assert.equal(r.residence_status, null);
    assert.equal(r.period_of_stay, null);
    assert.equal(r.stay_expires_on, null);
  } else {
    assert.equal(r.residence_category, '中長期在留者');
    assert.ok(
      ['永住者', '定住者', '日本人の配偶者等', '技能実習', '技術・人文知識・国際業務', '家族滞在'].includes(r.residence_status ?? ''),
      `residence_status ${r.residence_status}`,
    );
    if (r.residence_status === '永住者') {
      assert.equal(r.period_of_stay, null);
      assert.equal(r.stay_expires_on, null);
    } else {
      assert.ok(r.period_of_stay && r.stay_expires_on, 'a limited stay has a period and an expiry');
      ymd(r.stay_expires_on);
      // Current stay: not expired, and granted no earlier than one period ago and no earlier than birth.
      assert.ok(r.stay_expires_on >= ref, `expired stay ${r.stay_expires_on}`);
      assert.ok(addMonths(ref, monthsOf(r.period_of_stay)) > r.stay_expires_on, `${r.period_of_stay} → ${r.stay_expires_on}`);
    }
  }
}

function sample(count: number, seed = 7, tenantId = '212113', startIndex?: number): GeneratedHousehold[] {
  return [...generateHouseholds({ tenantId, count, seed, startIndex })];
}

// ── tests ───────────────────────────────────────────────────────────────────────────────────────────

describe('demo generator', () => {
  it('is deterministic: same seed byte-identical, other seed different, startIndex resumes', () => {
    const a = JSON.stringify(sample(300, 42));
    const b = JSON.stringify(sample(300, 42));
    assert.equal(a, b);
    assert.notEqual(JSON.stringify(sample(300, 43)), a);
    assert.equal(JSON.stringify(coverageHouseholds('212113', REF)), JSON.stringify(coverageHouseholds('212113', REF)));
    assert.deepEqual(sample(10, 42, '212113', 101), sample(300, 42).slice(100, 110));
    // Ids come from tenant + index; another tenant gets other ids.
    const other = sample(300, 42, '215015');
    assert.notEqual(other[0]?.household.household_id, sample(1, 42)[0]?.household.household_id);
  });

  it('keeps every row within the column CHECKs and the domain rules', () => {
    const tenants = ['212113', '215015', '217000'];
    for (const tenantId of tenants) {
      const entries = [...sample(1500, 11, tenantId), ...coverageHouseholds(tenantId, REF)];
      const numbers = new Set<string>();
      const ids = new Set<string>();
      for (const entry of entries) {
        assert.equal(entry.household.tenant_id, tenantId);
        assertHouseholdRules(entry);
        assert.ok(!numbers.has(entry.household.household_number), 'UNIQUE (tenant_id, household_number)');
        numbers.add(entry.household.household_number);
        for (const id of [entry.household.household_id, ...entry.residents.map((r) => r.resident_id)]) {
          assert.ok(!ids.has(id), 'unique ids');
          ids.add(id);
        }
      }
    }
    // Addresses are in the tenant's municipality.
    assert.ok(sample(50, 1, '212113').every((e) => e.household.address.startsWith('岐阜県美濃加茂市')));
    assert.ok(sample(50, 1, '215015').every((e) => e.household.address.startsWith('岐阜県加茂郡坂祝町')));
    assert.ok(sample(50, 1, '217000').every((e) => e.household.address.startsWith('岐阜県')));
  });

  it('is valid on any reference date, including 29 February', () => {
    for (const ref of ['2028-02-29', '2027-03-01', '2026-04-01']) {
      for (const entry of [...generateHouseholds({ tenantId: '212113', count: 400, seed: 5, referenceDate: ref }), ...coverageHouseholds('212113', ref)]) {
        assertHouseholdRules(entry, ref);
      }
    }
  });

  it('has the hand-picked coverage households for every rule branch', () => {
    const households = coverageHouseholds('212113', REF);
    const all = households.flatMap((h) => h.residents);
    const exists = (label: string, predicate: (r: ResidentRow) => boolean): void => {
      assert.ok(all.some(predicate), `coverage: ${label}`);
    };
    exists('newborn, 0 months', (r) => months(r.birth_date) === 0 && r.relation === '子');
    exists('elementary-school child aged 7', (r) => age(r.birth_date) === 7 && grade(r.birth_date) >= 1 && grade(r.birth_date) <= 6);
    exists('junior-high child aged 13', (r) => age(r.birth_date) === 13 && grade(r.birth_date) >= 7 && grade(r.birth_date) <= 9);
    exists('high-school-age child aged 16', (r) => age(r.birth_date) === 16 && grade(r.birth_date) >= 10 && grade(r.birth_date) <= 12);
    const adult = (r: ResidentRow): boolean => age(r.birth_date) >= 20 && age(r.birth_date) <= 59;
    exists('adult 20–59 with employer insurance', (r) => adult(r) && r.health_insurance === 'employee' && r.pension === 'employee');
    exists('adult 20–59 without employer insurance', (r) => adult(r) && r.health_insurance === 'national' && r.pension === 'national');
    exists('40–64 with a care-need certification', (r) => age(r.birth_date) >= 40 && age(r.birth_date) <= 64 && r.care_certified);
    exists('65–74', (r) => age(r.birth_date) >= 65 && age(r.birth_date) <= 74);
    exists('75+ on 後期高齢者医療', (r) => age(r.birth_date) >= 75 && r.health_insurance === 'late_elderly');
    exists('dependent spouse', (r) => r.pension === 'dependent_spouse' && (r.relation === '妻' || r.relation === '夫'));
    exists('My Number card holder', (r) => r.has_my_number_card);
    exists('special permanent resident', (r) => r.residence_category === '特別永住者' && CARD.test(r.residence_card_number ?? ''));
    exists('支援措置', (r) => r.support_measure);
    exists('振り仮名 unconfirmed', (r) => r.furigana_status === 'unconfirmed');
    exists('振り仮名 confirmed', (r) => r.furigana_status === 'confirmed');
    exists('通称', (r) => r.alias !== null);
    exists('生活保護', (r) => r.health_insurance === 'welfare');
    for (const relation of ['世帯主', '妻', '夫', '子', '父', '母', '同居人']) exists(`relation ${relation}`, (r) => r.relation === relation);
    for (const sex of [1, 2]) exists(`sex ${sex}`, (r) => r.sex === sex);

    assert.ok(
      households.some((h) => h.residents.length === 1 && age(h.residents[0]?.birth_date ?? REF) >= 65),
      'coverage: single-person elderly household',
    );
    // Foreign family with residence cards: Brazilian father 35, mother 33, son 7, all on 国保.
    assert.ok(
      households.some((h) => {
        const rs = h.residents;
        const find = (relation: string, sex: number, years: number): boolean =>
          rs.some((r) => r.relation === relation && r.sex === sex && age(r.birth_date) === years && r.nationality === 'BR' && CARD.test(r.residence_card_number ?? '') && r.residence_category === '中長期在留者');
        return find('世帯主', 1, 35) && find('妻', 2, 33) && find('子', 1, 7) && rs.every((r) => r.health_insurance === 'national');
      }),
      'coverage: Brazilian family',
    );
    // The dependent spouse's partner is in employee insurance.
    assert.ok(households.some((h) => h.residents.some((r) => r.pension === 'dependent_spouse') && h.residents.some((r) => r.relation === '世帯主' && r.pension === 'employee')));
    // Coverage households are numbered apart from generated ones.
    assert.ok(households.every((h) => /^C\d{3}$/.test(h.household.household_number)));
  });

  it('has about 10 % foreign residents in a 5,000-household sample, weighted PH > BR > VN > CN > KR > PE', () => {
    const residents = sample(5000, 3).flatMap((h) => h.residents);
    const foreign = residents.filter((r) => r.kind === 'foreign');
    const share = foreign.length / residents.length;
    assert.ok(share >= 0.06 && share <= 0.14, `foreign share ${share}`);
    const byNationality = new Map<string, number>();
    for (const r of foreign) byNationality.set(r.nationality ?? '', (byNationality.get(r.nationality ?? '') ?? 0) + 1);
    const order = ['PH', 'BR', 'VN', 'CN', 'KR', 'PE'].map((n) => byNationality.get(n) ?? 0);
    for (let i = 1; i < order.length; i += 1) assert.ok((order[i - 1] ?? 0) > (order[i] ?? 0), `nationality order ${order.join(' ')}`);
    // Most special permanent residents are Korean; 通称 occur; alphabet names keep their diacritics.
    const special = foreign.filter((r) => r.residence_category === '特別永住者');
    assert.ok(special.length > 0 && special.every((r) => r.nationality === 'KR'));
    assert.ok(foreign.some((r) => r.alias !== null && (r.nationality === 'KR' || r.nationality === 'CN')));
    assert.ok(foreign.some((r) => /[ãçêôéíóúễạặ]/u.test(r.alphabet_name ?? '')), 'diacritics in alphabet names');
    // Variant kanji appear in names and fold in the key.
    assert.ok(residents.some((r) => /[髙﨑邊邉齋濵]/u.test(r.name) && !/[髙﨑邊邉齋濵]/u.test(r.name_key)));
  });

  it('writes residence card numbers in the card format (2 letters, 8 digits, 2 letters)', () => {
    const foreign = [...sample(3000, 9), ...coverageHouseholds('215015', REF)].flatMap((h) => h.residents).filter((r) => r.kind === 'foreign');
    assert.ok(foreign.length > 100);
    for (const r of foreign) assert.match(r.residence_card_number ?? '', CARD);
  });

  it('fills the search keys from nameSearchKeys', () => {
    for (const r of [...sample(1000, 2), ...coverageHouseholds('212113', REF)].flatMap((h) => h.residents)) {
      const keys = nameSearchKeys({ name: r.name, kana: r.name_kana, alphabet: r.alphabet_name, alias: r.alias, aliasKana: r.alias_kana });
      assert.equal(r.name_key, keys.nameKey);
      assert.equal(r.kana_key, keys.kanaKey);
      assert.equal(r.alphabet_key, keys.alphabetKey);
      assert.equal(r.alias_key, keys.aliasKey);
      assert.equal(r.alias_kana_key, keys.aliasKanaKey);
    }
  });

  it('makes tenant codes with the 全国地方公共団体コード check digit', () => {
    // weights 6,5,4,3,2; r = S mod 11; check digit = last digit of 11 − r
    assert.equal(localGovernmentCheckDigit('21211'), 3); // 美濃加茂市 212113
    assert.equal(localGovernmentCheckDigit('21501'), 5); // 坂祝町 215015
    assert.equal(localGovernmentCheckDigit('13101'), 6); // 千代田区 131016
    assert.equal(localGovernmentCheckDigit('01100'), 2); // 札幌市 011002
    for (const code of ['212113', '215015', '131016', '011002']) assert.ok(isValidLocalGovernmentCode(code), code);
    assert.ok(!isValidLocalGovernmentCode('212114'));
    const codes = generateTenantCodes(42);
    assert.equal(codes.length, 42);
    assert.deepEqual(codes.slice(0, 2), ['212113', '215015']);
    assert.equal(new Set(codes).size, 42);
    for (const code of codes) {
      assert.match(code, /^21\d{4}$/);
      const digits = [...code].map(Number);
      const sum = [6, 5, 4, 3, 2].reduce((s, w, i) => s + w * (digits[i] ?? 0), 0);
      assert.equal(digits[5], (11 - (sum % 11)) % 10, code);
    }
    assert.deepEqual(generateTenantCodes(1), ['212113']);
  });

  it('streams 200,000 residents without holding them', () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const before = process.memoryUsage().heapUsed;
    let residents = 0;
    let households = 0;
    for (const entry of generateHouseholds({ tenantId: '217000', count: Number.MAX_SAFE_INTEGER, seed: 1 })) {
      residents += entry.residents.length;
      households += 1;
      if (residents >= 200_000) break;
    }
    assert.ok(residents >= 200_000 && households > 50_000);
    if (gc) {
      gc();
      const growth = process.memoryUsage().heapUsed - before;
      assert.ok(growth < 100 * 1024 * 1024, `heap grew by ${Math.round(growth / 1024 / 1024)} MB`);
    }
  });
});

describe('bulk insert', () => {
  it('chunks statements below 30,000 parameters, households before residents', async () => {
    const statements: { text: string; params: number }[] = [];
    const batch = sample(3000, 4);
    const counts = await insertHouseholds(
      {
        query: async (text, params) => {
          statements.push({ text, params: params?.length ?? 0 });
          return [];
        },
      },
      batch,
    );
    const residents = batch.reduce((sum, h) => sum + h.residents.length, 0);
    assert.deepEqual(counts, { households: 3000, residents });
    assert.ok(statements.every((s) => s.params > 0 && s.params < MAX_PARAMETERS));
    const tables = statements.map((s) => /^INSERT INTO (\w+)/.exec(s.text)?.[1]);
    assert.ok(tables.lastIndexOf('households') < tables.indexOf('residents'));
    assert.equal(statements.filter((s) => s.text.startsWith('INSERT INTO households')).reduce((n, s) => n + s.params, 0), 3000 * HOUSEHOLD_COLUMNS.length);
    assert.equal(statements.filter((s) => s.text.startsWith('INSERT INTO residents')).reduce((n, s) => n + s.params, 0), residents * RESIDENT_COLUMNS.length);
    assert.ok(statements.filter((s) => s.text.startsWith('INSERT INTO residents')).length > 1, 'residents are chunked');
  });

  it('inserts 200 generated households into PGlite with the migration', async () => {
    const db = await openPglite();
    try {
      const tenantId = '212113';
      await db.admin.query("INSERT INTO tenants (tenant_id, name_ja, name_kana, name_en, prefecture) VALUES ($1, '美濃加茂市', 'ミノカモシ', 'Minokamo', '岐阜県')", [tenantId]);
      const batch = [...generateHouseholds({ tenantId, count: 200, seed: 99 }), ...coverageHouseholds(tenantId, REF)];
      const sql = { query: async (t: string, p?: readonly unknown[]) => (await db.admin.query(t, p ? [...p] : undefined)).rows };
      await insertHouseholds(sql, batch);
      const expectedResidents = batch.reduce((sum, h) => sum + h.residents.length, 0);
      const [households] = (await db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM households WHERE tenant_id = $1', [tenantId])).rows;
      const [residents] = (await db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM residents WHERE tenant_id = $1', [tenantId])).rows;
      assert.equal(households?.n, 200 + coverageHouseholds(tenantId, REF).length);
      assert.equal(residents?.n, expectedResidents);
      // Values survive the round trip (dates, booleans, smallint, the U+3000 and non-BMP characters).
      const expected = batch.flatMap((h) => h.residents).find((r) => r.name.includes('𠮷'));
      assert.ok(expected, 'coverage has 𠮷田');
      const [row] = (
        await db.admin.query<Record<string, unknown>>(
          'SELECT name, name_key, birth_date::text AS birth_date, sex, health_insurance, care_certified, became_resident_on::text AS became FROM residents WHERE tenant_id = $1 AND resident_id = $2',
          [tenantId, expected.resident_id],
        )
      ).rows;
      assert.deepEqual(row, {
        name: expected.name,
        name_key: expected.name_key,
        birth_date: expected.birth_date,
        sex: expected.sex,
        health_insurance: expected.health_insurance,
        care_certified: expected.care_certified,
        became: expected.became_resident_on,
      });
    } finally {
      await db.close();
    }
  });
});
