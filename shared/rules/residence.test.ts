import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_CATALOGS } from '../../server/demo/catalog';
import { blankIntakeMember, intakeWarnings, newHouseholdOf } from '../session/intake';
import { ruleMember } from '../session/rule-member';
import type { VisitMember } from '../session/visit';
import { addDays } from './dates';
import { evaluate, judgeProcedures, REASON_CODES, validateCatalog } from './engine';
import type { Condition, EventInput, LifeEvent, Member, Reason } from './engine';
import { judgeRegistration, refusalOf, REFUSAL_REASONS } from './residence';
import type { MemberRefusal } from './residence';
import {
  intakeResidence,
  isThreeMonthsOrLess,
  parsePeriodOfStay,
  RESIDENCE_CATEGORY_TEXT,
  RESIDENCE_CATEGORY_TEXTS,
  RESIDENCE_STATUS_CODES,
  RESIDENCE_STATUSES,
  residenceCategoryCode,
  residenceStatusCode,
} from './residence-status';

// ───────────────────────────────────────── builder ─────────────────────────────────────────────────────

const D = '2026-11-27';

/** Born `age` years and ~100 days before the case date: that age, nowhere near a birthday. */
const aged = (age: number): string => addDays(`${Number(D.slice(0, 4)) - age}${D.slice(4)}`, -100);

type Opts = Partial<Omit<Member, 'residentId' | 'relation' | 'birthDate'>> & { born?: string };

function m(label: string, relation: string, age: number, opts: Opts = {}): Member {
  const { born, ...rest } = opts;
  return {
    residentId: label,
    relation,
    birthDate: born ?? aged(age),
    sex: 1,
    kind: 'japanese',
    healthInsurance: 'none',
    pension: 'none',
    careCertified: false,
    hasMyNumberCard: false,
    hasResidenceCard: false,
    ...rest,
  };
}

const period = (text: string) => parsePeriodOfStay(text);
/** A 中長期在留者 with a residence card, the status and period given. */
const card = (status: Member['residenceStatus'], stay = '3年', extra: Opts = {}): Opts => ({
  kind: 'foreign',
  hasResidenceCard: true,
  nationality: 'VN',
  residenceCategory: 'mid_long_term',
  residenceStatus: status,
  periodOfStay: period(stay),
  ...extra,
});
/** Landed without a card yet (landing permission only): the category the intake gives them. */
const landed = (status: Member['residenceStatus'], stay: string, extra: Opts = {}): Opts => ({
  kind: 'foreign',
  nationality: 'VN',
  residenceCategory: null,
  residenceStatus: status,
  periodOfStay: period(stay),
  ...extra,
});
const F: Opts = { sex: 2 };

const each = (procedureId: string, ...labels: string[]): string[] => labels.map((label) => `${procedureId} ${label}`);

const MINOKAMO = DEMO_CATALOGS['212113']!;
const SAKAHOGI = DEMO_CATALOGS['215015']!;

interface Case {
  name: string;
  event?: LifeEvent;
  members: Member[];
  newborn?: string;
  refused: Record<string, MemberRefusal['reason']>;
  expect: string[];
  reasons?: Record<string, Reason[]>;
}

// ───────────────────────────────────────── the table ────────────────────────────────────────────────────

const CASES: Case[] = [
  {
    name: 'mixed household from abroad: the wife on 短期滞在 (90日) is refused; husband and son are judged as usual',
    members: [
      m('husband', '世帯主', 34, card('engineer_humanities_international', '5年')),
      m('wife', '妻', 31, landed('temporary_visitor', '90日', F)),
      m('son', '子', 8, card('dependent', '5年')),
    ],
    refused: { wife: 'short_term_stay' },
    expect: [
      ...each('moving_in_notification', 'husband', 'son'),
      ...each('residence_card_address', 'husband', 'son'),
      ...each('national_health_insurance_join', 'husband', 'son'),
      ...each('national_pension', 'husband'),
      ...each('child_allowance', 'husband'),
      ...each('child_medical_subsidy', 'son'),
      ...each('school_transfer', 'son'),
    ],
  },
  {
    name: 'a diplomat (外交) may not be registered: nothing is judged',
    members: [m('envoy', '世帯主', 45, landed('diplomat', '3年'))],
    refused: { envoy: 'diplomatic_status' },
    expect: [],
  },
  {
    name: '公用 is refused like 外交; the Japanese spouse is judged alone',
    members: [m('official', '世帯主', 40, landed('official', '1年')), m('wife', '妻', 38, { ...F, healthInsurance: 'employee', pension: 'employee' })],
    refused: { official: 'diplomatic_status' },
    expect: each('moving_in_notification', 'wife'),
  },
  {
    name: 'a stay of 3月 (特定活動) is 3 months or less: refused',
    members: [m('visitor', '世帯主', 29, card('designated_activities', '3月'))],
    refused: { visitor: 'stay_three_months_or_less' },
    expect: [],
  },
  {
    name: 'a stay of 4月 is more than 3 months: judged',
    members: [m('worker', '世帯主', 29, card('designated_activities', '4月'))],
    refused: {},
    expect: [...each('moving_in_notification', 'worker'), ...each('residence_card_address', 'worker'), ...each('national_health_insurance_join', 'worker'), ...each('national_pension', 'worker')],
  },
  {
    name: 'no 在留資格 at all and no category: refused (no_residence_status)',
    members: [m('overstay', '世帯主', 33, { kind: 'foreign', nationality: 'PH', residenceCategory: null, residenceStatus: null })],
    refused: { overstay: 'no_residence_status' },
    expect: [],
  },
  {
    name: '一時庇護許可者 and 仮滞在許可者 have no 在留資格 but are registered',
    members: [
      m('refuge', '世帯主', 30, { kind: 'foreign', nationality: 'MM', residenceCategory: 'temporary_refuge', residenceStatus: null }),
      m('provisional', '妻', 28, { ...F, kind: 'foreign', nationality: 'MM', residenceCategory: 'provisional_stay', residenceStatus: null }),
    ],
    refused: {},
    expect: [...each('moving_in_notification', 'refuge', 'provisional'), ...each('national_health_insurance_join', 'refuge', 'provisional'), ...each('national_pension', 'refuge', 'provisional')],
  },
  {
    name: 'a 特別永住者 moving in is registered (no 在留資格, a 特別永住者証明書)',
    members: [m('zainichi', '世帯主', 50, { kind: 'foreign', nationality: 'KR', hasResidenceCard: true, residenceCategory: 'special_permanent', healthInsurance: 'employee', pension: 'employee' })],
    refused: {},
    expect: [...each('moving_in_notification', 'zainichi'), ...each('residence_card_address', 'zainichi')],
  },
  {
    name: 'everyone on 短期滞在: no member may be registered, no 転入 at all',
    members: [m('tourist', '世帯主', 40, landed('temporary_visitor', '90日')), m('tourist2', '妻', 38, landed('temporary_visitor', '15日', F))],
    refused: { tourist: 'short_term_stay', tourist2: 'short_term_stay' },
    expect: [],
  },
  {
    name: 'refusals are for a 転入 only: a registered member on 短期滞在 data moving within is judged as usual',
    event: 'moving_within',
    members: [m('someone', '世帯主', 40, card('temporary_visitor', '90日'))],
    refused: {},
    expect: [...each('moving_within_notification', 'someone'), ...each('residence_card_address_within', 'someone')],
  },
  {
    name: 'a refused 世帯主 is not in the household judged: the registered mother claims 児童手当',
    members: [
      m('father', '世帯主', 36, landed('temporary_visitor', '90日')),
      m('mother', '妻', 33, card('permanent_resident', '無期限', { ...F, healthInsurance: 'employee', pension: 'employee' })),
      m('kid', '子', 4, card('long_term_resident', '3年', { healthInsurance: 'employee' })),
    ],
    refused: { father: 'short_term_stay' },
    expect: [...each('moving_in_notification', 'mother', 'kid'), ...each('residence_card_address', 'mother', 'kid'), ...each('child_allowance', 'mother'), ...each('child_medical_subsidy', 'kid')],
    reasons: { 'child_allowance mother': [{ code: 'household_child', params: { childAge: 4, limit: 18, children: 1 } }] },
  },
  {
    name: '国外転入: the same 国保 exception for 特定活動 (医療滞在), a Japanese returnee joins',
    event: 'moving_in_from_abroad',
    members: [
      m('patient', '世帯主', 60, card('designated_activities_medical_stay', '6月', { hasMyNumberCard: false })),
      m('returnee', '同居人', 40, { kind: 'japanese', hasMyNumberCard: true }),
    ],
    refused: {},
    expect: [
      ...each('moving_in_abroad_notification', 'patient', 'returnee'),
      ...each('residence_card_address_abroad', 'patient'),
      ...each('national_health_insurance_join_abroad', 'returnee'),
      ...each('national_pension_abroad', 'returnee'),
      ...each('my_number_abroad', 'patient'),
      ...each('my_number_card_address_abroad', 'returnee'),
    ],
  },
  {
    name: '国保 加入 is not judged for 特定活動 (医療滞在) nor (観光・保養); a plain 特定活動 joins',
    members: [
      m('patient', '世帯主', 60, card('designated_activities_medical_stay', '6月')),
      m('carer', '妻', 58, card('designated_activities_medical_stay', '6月', F)),
      m('sightseer', '同居人', 55, card('designated_activities_long_stay_sightseeing', '1年')),
      m('worker', '同居人', 30, card('designated_activities', '1年')),
    ],
    refused: {},
    expect: [
      ...each('moving_in_notification', 'patient', 'carer', 'sightseer', 'worker'),
      ...each('residence_card_address', 'patient', 'carer', 'sightseer', 'worker'),
      ...each('national_health_insurance_join', 'worker'),
      ...each('national_pension', 'carer', 'sightseer', 'worker'),
    ],
    reasons: {
      'national_health_insurance_join worker': [
        { code: 'age_below', params: { age: 30, max: 75 } },
        { code: 'insurance', params: { insurance: 'none' } },
        { code: 'not_residence_status', params: { status: 'designated_activities_medical_stay,designated_activities_long_stay_sightseeing' } },
      ],
    },
  },
  {
    name: 'a 特別永住者 parent from the register (特別永住者 text mapped) → the newborn gets 特別永住許可',
    event: 'birth',
    members: [
      ruleMember(visit('father', '世帯主', 33, { kind: 'foreign', residenceCategory: residenceCategoryCode('特別永住者'), healthInsurance: 'national', pension: 'national' })),
      ruleMember(visit('mother', '妻', 30, { kind: 'foreign', residenceCategory: residenceCategoryCode('中長期在留者'), residenceStatus: residenceStatusCode('永住者'), healthInsurance: 'national', pension: 'national' })),
      m('baby', '子', 0, { born: D, kind: 'foreign', residenceCategory: 'transitional' }),
    ],
    newborn: 'baby',
    refused: {},
    expect: [
      ...each('birth_notification', 'baby'),
      ...each('special_permanent_permission', 'baby'),
      ...each('child_allowance_birth', 'father'),
      ...each('child_medical_subsidy_birth', 'baby'),
      ...each('national_health_insurance_join_birth', 'baby'),
    ],
    reasons: {
      'special_permanent_permission baby': [
        { code: 'newborn', params: {} },
        { code: 'foreign_resident', params: {} },
        { code: 'parent_residence_category', params: { category: 'special_permanent', relation: '世帯主' } },
      ],
    },
  },
  {
    name: 'Japanese nationals are never refused, whatever is (wrongly) recorded',
    members: [m('me', '世帯主', 30, { residenceStatus: 'temporary_visitor', healthInsurance: 'employee', pension: 'employee' })],
    refused: {},
    expect: each('moving_in_notification', 'me'),
  },
];

/** A register member as the visit keeps it (the host maps the register's texts with residence-status.ts). */
function visit(label: string, relation: string, age: number, extra: Partial<VisitMember>): VisitMember {
  return {
    residentId: label,
    name: label,
    nameKana: null,
    alphabetName: null,
    birthDate: aged(age),
    sex: 1,
    relation,
    kind: 'japanese',
    healthInsurance: 'none',
    pension: 'none',
    careCertified: false,
    hasMyNumberCard: false,
    hasResidenceCard: true,
    supportMeasure: false,
    ...extra,
  };
}

describe('residence status in the rules table (both towns)', () => {
  for (const c of CASES) {
    it(c.name, () => {
      for (const catalog of [MINOKAMO, SAKAHOGI]) {
        const event: EventInput = { lifeEvent: c.event ?? 'moving_in', eventDate: D, members: c.members, ...(c.newborn ? { newbornResidentId: c.newborn } : {}) };
        const { refusals, judgements } = judgeRegistration(catalog, event);
        assert.deepEqual(Object.fromEntries(refusals.map((r) => [r.residentId, r.reason])), c.refused);
        assert.deepEqual(judgements.map((j) => `${j.procedureId} ${j.residentId}`).sort(), [...c.expect].sort());
        for (const [key, reasons] of Object.entries(c.reasons ?? {})) {
          const found = judgements.find((j) => `${j.procedureId} ${j.residentId}` === key);
          assert.ok(found, key);
          assert.deepEqual(found.reasons, reasons, key);
        }
        for (const j of judgements) for (const reason of j.reasons) assert.ok(REASON_CODES.includes(reason.code), reason.code);
      }
    });
  }
});

// ───────────────────────────────────────── the new condition keys ───────────────────────────────────────

describe('condition keys nationality, residenceCategory, residenceStatus, stayExpiresWithinDays', () => {
  const ctx = (members: Member[]) => ({ eventDate: D, members });
  const br = m('br', '世帯主', 30, { kind: 'foreign', nationality: 'BR', residenceCategory: 'mid_long_term', residenceStatus: 'long_term_resident', stayExpiresOn: addDays(D, 90) });
  const vn = m('vn', '妻', 30, { kind: 'foreign', nationality: 'VN', residenceCategory: 'special_permanent', residenceStatus: null, stayExpiresOn: addDays(D, 91) });
  const jp = m('jp', '子', 5, { nationality: 'BR' });
  const all = [br, vn, jp];
  const judge = (condition: Condition, who: Member) => evaluate(condition, who, ctx(all));

  it('nationality: one code or a list; never a Japanese national; not_ gives the list', () => {
    assert.deepEqual(judge({ nationality: 'BR' }, br), { matched: true, reasons: [{ code: 'nationality', params: { nationality: 'BR' } }] });
    assert.equal(judge({ nationality: 'BR' }, vn).matched, false);
    assert.equal(judge({ nationality: ['PH', 'VN'] }, vn).matched, true);
    assert.equal(judge({ nationality: 'BR' }, jp).matched, false);
    assert.deepEqual(judge({ not: { nationality: ['BR', 'PE'] } }, vn), { matched: true, reasons: [{ code: 'not_nationality', params: { nationality: 'BR,PE' } }] });
  });

  it("residenceCategory: the member's own category", () => {
    assert.deepEqual(judge({ residenceCategory: 'special_permanent' }, vn), { matched: true, reasons: [{ code: 'residence_category', params: { category: 'special_permanent' } }] });
    assert.equal(judge({ residenceCategory: 'special_permanent' }, br).matched, false);
    assert.equal(judge({ residenceCategory: ['mid_long_term', 'special_permanent'] }, br).matched, true);
    assert.deepEqual(judge({ not: { residenceCategory: 'special_permanent' } }, br), { matched: true, reasons: [{ code: 'not_residence_category', params: { category: 'special_permanent' } }] });
  });

  it('residenceStatus: codes of the vocabulary; none never matches', () => {
    assert.deepEqual(judge({ residenceStatus: ['long_term_resident', 'permanent_resident'] }, br), { matched: true, reasons: [{ code: 'residence_status', params: { status: 'long_term_resident' } }] });
    assert.equal(judge({ residenceStatus: 'long_term_resident' }, vn).matched, false);
    assert.deepEqual(judge({ not: { residenceStatus: 'temporary_visitor' } }, vn), { matched: true, reasons: [{ code: 'not_residence_status', params: { status: 'temporary_visitor' } }] });
  });

  it('stayExpiresWithinDays: on or before n days after the event date; no expiry never', () => {
    assert.deepEqual(judge({ stayExpiresWithinDays: 90 }, br), { matched: true, reasons: [{ code: 'stay_expires_within', params: { expiresOn: addDays(D, 90), days: 90, within: 90 } }] });
    assert.equal(judge({ stayExpiresWithinDays: 90 }, vn).matched, false);
    assert.equal(judge({ stayExpiresWithinDays: 90 }, jp).matched, false);
    const expired = m('x', '世帯主', 30, { kind: 'foreign', stayExpiresOn: addDays(D, -3) });
    assert.deepEqual(evaluate({ stayExpiresWithinDays: 0 }, expired, ctx([expired])).reasons, [{ code: 'stay_expires_within', params: { expiresOn: addDays(D, -3), days: -3, within: 0 } }]);
    assert.deepEqual(judge({ not: { stayExpiresWithinDays: 90 } }, vn).reasons, [{ code: 'not_stay_expires_within', params: { expiresOn: addDays(D, 91), days: 91, within: 90 } }]);
  });

  it('the schema refuses a nationality not in alpha-2, an unknown status and a negative day count', () => {
    const bad = (condition: unknown) => validateCatalog([{ procedureId: 'x', condition }]).length;
    assert.equal(bad({ nationality: 'BRA' }), 1);
    assert.equal(bad({ residenceStatus: 'tourist' }), 1);
    assert.equal(bad({ residenceCategory: '特別永住者' }), 1);
    assert.equal(bad({ stayExpiresWithinDays: -1 }), 1);
    assert.equal(bad({ nationality: ['BR'], residenceStatus: 'student', residenceCategory: 'mid_long_term', stayExpiresWithinDays: 30 }), 0);
  });

  it('the reason codes are listed (one message each)', () => {
    for (const code of ['nationality', 'residence_category', 'residence_status', 'stay_expires_within']) {
      assert.ok(REASON_CODES.includes(code as (typeof REASON_CODES)[number]), code);
      assert.ok(REASON_CODES.includes(`not_${code}` as (typeof REASON_CODES)[number]), `not_${code}`);
    }
  });
});

// ───────────────────────────────────────── vocabulary and mappings ──────────────────────────────────────

describe('在留資格 vocabulary and the register mappings', () => {
  it('every status of 別表第一・第二 has a code and its Japanese name maps back to it', () => {
    for (const name of ['外交', '公用', '教授', '芸術', '宗教', '報道', '高度専門職', '経営・管理', '法律・会計業務', '医療', '研究', '教育', '技術・人文知識・国際業務', '企業内転勤', '介護', '興行', '技能', '特定技能', '技能実習', '文化活動', '短期滞在', '留学', '研修', '家族滞在', '特定活動', '永住者', '日本人の配偶者等', '永住者の配偶者等', '定住者']) {
      const code = residenceStatusCode(name);
      assert.ok(code, name);
      assert.equal(RESIDENCE_STATUSES[code], name);
    }
    assert.equal(new Set(Object.values(RESIDENCE_STATUSES)).size, RESIDENCE_STATUS_CODES.length);
  });

  it('the ways a status is written: width, dots, numbered sub-statuses, the card English, the designated activities', () => {
    assert.equal(residenceStatusCode('技術･人文知識･国際業務'), 'engineer_humanities_international');
    assert.equal(residenceStatusCode(' 特定技能１号 '), 'specified_skilled_worker');
    assert.equal(residenceStatusCode('高度専門職（1号イ）'), 'highly_skilled_professional');
    assert.equal(residenceStatusCode('技能実習2号ロ'), 'technical_intern_training');
    assert.equal(residenceStatusCode('Temporary Visitor'), 'temporary_visitor');
    assert.equal(residenceStatusCode('Student'), 'student');
    assert.equal(residenceStatusCode('特定活動(医療滞在)'), 'designated_activities_medical_stay');
    assert.equal(residenceStatusCode('student'), 'student');
  });

  it('text that names no status is null (never a crash): the caller warns staff', () => {
    for (const text of ['観光', 'tourist', '特別永住者', '', '   ', null, undefined, 'x'.repeat(50)]) assert.equal(residenceStatusCode(text), null, String(text));
  });

  it("the register's category texts map to the engine's codes, and back", () => {
    assert.equal(residenceCategoryCode('中長期在留者'), 'mid_long_term');
    assert.equal(residenceCategoryCode('特別永住者'), 'special_permanent');
    assert.equal(residenceCategoryCode('一時庇護許可者'), 'temporary_refuge');
    assert.equal(residenceCategoryCode('仮滞在許可者'), 'provisional_stay');
    assert.equal(residenceCategoryCode('出生による経過滞在者'), 'transitional');
    assert.equal(residenceCategoryCode('国籍喪失による経過滞在者'), 'transitional');
    assert.equal(residenceCategoryCode('観光客'), null);
    assert.equal(residenceCategoryCode(null), null);
    for (const [code, text] of Object.entries(RESIDENCE_CATEGORY_TEXT)) assert.equal(RESIDENCE_CATEGORY_TEXTS[text], code);
  });

  it('periods of stay as stated, and which are 3 months or less', () => {
    assert.deepEqual(parsePeriodOfStay('3年'), { indefinite: false, years: 3, months: 0, days: 0 });
    assert.deepEqual(parsePeriodOfStay('4年3月'), { indefinite: false, years: 4, months: 3, days: 0 });
    assert.deepEqual(parsePeriodOfStay('６月'), { indefinite: false, years: 0, months: 6, days: 0 });
    assert.deepEqual(parsePeriodOfStay('90日'), { indefinite: false, years: 0, months: 0, days: 90 });
    assert.deepEqual(parsePeriodOfStay('15 days'), { indefinite: false, years: 0, months: 0, days: 15 });
    assert.deepEqual(parsePeriodOfStay('無期限'), { indefinite: true });
    for (const text of ['', 'soon', '3', '年', null]) assert.equal(parsePeriodOfStay(text), null, String(text));
    const short = (text: string) => isThreeMonthsOrLess(parsePeriodOfStay(text)!);
    assert.deepEqual(['15日', '30日', '90日', '92日', '3月', '2月'].map(short), [true, true, true, true, true, true]);
    assert.deepEqual(['93日', '4月', '6月', '1年', '3月1日', '無期限'].map(short), [false, false, false, false, false, false]);
  });

  it('the intake: a category typed as the status, a landing permission without a status typed, a refused status', () => {
    assert.deepEqual(intakeResidence('特別永住者', '', true), { category: 'special_permanent', status: null, period: null, unknown: false });
    assert.deepEqual(intakeResidence('', '', true), { category: 'mid_long_term', status: null, period: null, unknown: false });
    assert.deepEqual(intakeResidence('', '', false), { category: null, status: null, period: null, unknown: false });
    assert.equal(intakeResidence('短期滞在', '90日', true).category, null);
    assert.equal(intakeResidence('留学', '3月', true).category, null);
    assert.deepEqual(intakeResidence('定住者', '5年', true), { category: 'mid_long_term', status: 'long_term_resident', period: parsePeriodOfStay('5年'), unknown: false });
    assert.equal(intakeResidence('観光', '', true).unknown, true);
  });

  it('refusalOf: the first reason that applies, in the order of the table', () => {
    assert.equal(refusalOf(m('a', '世帯主', 30, landed('temporary_visitor', '3月'))), 'short_term_stay');
    assert.equal(refusalOf(m('a', '世帯主', 30, landed('diplomat', '3月'))), 'diplomatic_status');
    assert.equal(refusalOf(m('a', '世帯主', 30, landed(null, '3月'))), 'stay_three_months_or_less');
    assert.equal(refusalOf(m('a', '世帯主', 30, card(null, '1年'))), null, 'a 中長期在留者 whose status text was not understood is not refused');
    assert.deepEqual([...REFUSAL_REASONS], ['short_term_stay', 'diplomatic_status', 'stay_three_months_or_less', 'no_residence_status']);
  });

  it('the demo catalogs parse with the new keys', () => {
    assert.deepEqual(validateCatalog(MINOKAMO), []);
    assert.deepEqual(validateCatalog(SAKAHOGI), []);
    // Without the refusal layer the engine alone would judge a 短期滞在 member (the host always goes through judgeRegistration).
    assert.ok(judgeProcedures(MINOKAMO, { lifeEvent: 'moving_in', eventDate: D, members: [m('t', '世帯主', 40, landed('temporary_visitor', '90日'))] }).length > 0);
  });
});

describe('the intake: warnings before confirming, and what the register is sent', () => {
  const member = (id: string, extra: Partial<ReturnType<typeof blankIntakeMember>>) => ({
    ...blankIntakeMember(`00000000-0000-4000-8000-00000000000${id}`, true),
    relation: id === '1' ? '世帯主' : '子',
    alphabetName: `PERSON ${id}`,
    birthDate: '1990-01-01' as const,
    sex: 1 as const,
    nationality: 'VN',
    landingGrantedOn: '2026-11-28' as const,
    landingPort: '中部空港',
    ...extra,
  });
  const draft = {
    source: 'from_abroad' as const,
    householdId: '00000000-0000-4000-8000-000000000100',
    version: 1,
    address: '美濃加茂市太田町1-1',
    movedInOn: '2026-11-29' as const,
    previousAddress: 'ベトナム',
    movedOutOn: '' as const,
    members: [
      member('1', { residenceStatus: 'Student', periodOfStay: '1年3月' }),
      member('2', { residenceStatus: '観光ビザ', periodOfStay: '90日' }),
      member('3', { residenceStatus: '特別永住者', residenceCardNumber: 'AB12345678CD', landingGrantedOn: '', landingPort: '' }),
      member('4', { residenceStatus: '公用', periodOfStay: '3年' }),
    ],
  };

  it('warns of each refusal and of a status no code names, per member, in member order', () => {
    assert.deepEqual(
      intakeWarnings(draft).map((w) => [w.index, w.kind === 'refusal' ? w.reason : `${w.kind}:${w.text}`]),
      [
        [1, 'unknown_status:観光ビザ'],
        [1, 'stay_three_months_or_less'],
        [3, 'diplomatic_status'],
      ],
    );
    assert.deepEqual(intakeWarnings({ members: [{ ...draft.members[0]!, foreign: false, residenceStatus: '短期滞在' }] }), [], 'a Japanese national: nothing to warn of');
  });

  it('sends the register the status by its own name and the category as the register writes it', () => {
    const household = newHouseholdOf(draft);
    assert.ok(household.ok);
    assert.deepEqual(
      household.value.members.map((m) => [m.residenceCategory, m.residenceStatus]),
      [
        ['中長期在留者', '留学'],
        [null, '観光ビザ'],
        ['特別永住者', null],
        [null, '公用'],
      ],
    );
  });
});
