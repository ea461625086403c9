/**
 * The six life events of issue 12 (国外転入, 国外転出, 世帯変更, 在留期間更新・在留資格変更, 社会保険の加入・喪失,
 * 離婚) judged against both demo catalogs: a rules table with each case's exact set (procedure × member), and the
 * engine's sub-kind (`eventKind`). The older events' table lives in engine.test.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_CATALOGS } from '../../server/demo/catalog';
import JA_CATALOG from '../i18n/locales/ja/catalog.json' with { type: 'json' };
import { ConditionSchema, evaluate } from './conditions';
import { addDays, legalAge } from './dates';
import { EventInputError, judgeProcedures, REASON_CODES } from './engine';
import type { EventInput, EventKind, Judgement, LifeEvent, Member, Reason } from './engine';
import { EVENT_KINDS, eventKindsOf } from './types';
import { lifeEventOfIntake } from '../session/intake';

// ───────────────────────────────────────── household builder (as in engine.test.ts) ─────────────────────

type Opts = Partial<Omit<Member, 'residentId' | 'relation' | 'birthDate'>>;
interface Person {
  label: string;
  relation: string;
  /** An age on the case date, far from the birthday. */
  born: number;
  opts: Opts;
}
const p = (label: string, relation: string, born: number, opts: Opts = {}): Person => ({ label, relation, born, opts });

const NAT: Opts = { healthInsurance: 'national', pension: 'national' };
const EMP: Opts = { healthInsurance: 'employee', pension: 'employee' };
const DEP: Opts = { healthInsurance: 'employee', pension: 'dependent_spouse' };
const KID_NAT: Opts = { healthInsurance: 'national', pension: 'none' };
const KID_EMP: Opts = { healthInsurance: 'employee', pension: 'none' };
const ELDER: Opts = { healthInsurance: 'late_elderly', pension: 'recipient' };
/** Just arrived: insurance and pension not arranged yet (the intake's default). */
const NEW: Opts = { healthInsurance: 'none', pension: 'none' };
const FOREIGN: Opts = { kind: 'foreign', hasResidenceCard: true };
const MNC: Opts = { hasMyNumberCard: true };

function bornAged(age: number, on: string): string {
  return addDays(`${String(Number(on.slice(0, 4)) - age).padStart(4, '0')}${on.slice(4)}`, -100);
}

function member(person: Person, on: string): Member {
  return {
    residentId: person.label,
    relation: person.relation,
    birthDate: bornAged(person.born, on),
    sex: 1,
    kind: 'japanese',
    healthInsurance: 'national',
    pension: 'none',
    careCertified: false,
    hasMyNumberCard: false,
    hasResidenceCard: false,
    ...person.opts,
  };
}

const each = (procedureId: string, ...labels: string[]): string[] => labels.map((label) => `${procedureId} ${label}`);

interface Case {
  name: string;
  event: LifeEvent;
  kind?: EventKind;
  members: Person[];
  /** What both towns judge. */
  expect: string[];
  /** What 坂祝町 judges besides (子ども医療 to 18's fiscal year end, 美濃加茂市's to 15's). */
  sakahogiAlso?: string[];
  deadlines?: Record<string, string | null>;
  departments?: Record<string, [string, string]>;
  reasons?: Record<string, Reason[]>;
}

const D = '2026-11-27';
const MINOKAMO = DEMO_CATALOGS['212113']!;
const SAKAHOGI = DEMO_CATALOGS['215015']!;

const CASES: Case[] = [
  // ── 国外転入 ──
  {
    name: '国外転入: a Brazilian family (35, 33, 16, 7), cards from the airport, insurance not arranged yet',
    event: 'moving_in_from_abroad',
    members: [p('father', '世帯主', 35, { ...FOREIGN, ...NEW }), p('mother', '妻', 33, { ...FOREIGN, ...NEW, sex: 2 }), p('daughter', '子', 16, { ...FOREIGN, ...NEW }), p('son', '子', 7, { ...FOREIGN, ...NEW })],
    expect: [
      ...each('moving_in_abroad_notification', 'father', 'mother', 'daughter', 'son'),
      ...each('residence_card_address_abroad', 'father', 'mother', 'daughter', 'son'),
      ...each('national_health_insurance_join_abroad', 'father', 'mother', 'daughter', 'son'),
      ...each('national_pension_abroad', 'father', 'mother'),
      ...each('child_allowance_abroad', 'father'),
      ...each('child_medical_subsidy_abroad', 'son'),
      ...each('my_number_abroad', 'father', 'mother', 'daughter', 'son'),
      ...each('school_enrollment_abroad', 'son'),
    ],
    sakahogiAlso: each('child_medical_subsidy_abroad', 'daughter'),
    // No 転出予定日 from abroad: the 15日特例 counts from the move.
    deadlines: { 'moving_in_abroad_notification father': '2026-12-11', 'child_allowance_abroad father': '2026-12-12', 'school_enrollment_abroad son': null },
  },
  {
    name: '国外転入: a Japanese national back from abroad with the card kept there (任意加入 in the 国民年金)',
    event: 'moving_in_from_abroad',
    members: [p('me', '世帯主', 45, { healthInsurance: 'none', pension: 'national', ...MNC })],
    expect: [...each('moving_in_abroad_notification', 'me'), ...each('national_health_insurance_join_abroad', 'me'), ...each('national_pension_abroad', 'me'), ...each('my_number_card_address_abroad', 'me')],
  },
  {
    name: '国外転入: a Japanese employee and his foreign dependent wife: employer insurance, no 国保 and no 第1号',
    event: 'moving_in_from_abroad',
    members: [p('husband', '世帯主', 30, EMP), p('wife', '妻', 28, { ...FOREIGN, ...DEP })],
    expect: [...each('moving_in_abroad_notification', 'husband', 'wife'), ...each('residence_card_address_abroad', 'wife'), ...each('my_number_abroad', 'husband', 'wife')],
  },
  {
    name: '国外転入: age limits — 59 joins the 国民年金, 60 does not; 76 joins no 国保',
    event: 'moving_in_from_abroad',
    members: [p('head', '世帯主', 59, { ...FOREIGN, ...NEW }), p('wife', '妻', 60, { ...FOREIGN, ...NEW }), p('mother', '母', 76, { ...FOREIGN, ...NEW })],
    expect: [
      ...each('moving_in_abroad_notification', 'head', 'wife', 'mother'),
      ...each('residence_card_address_abroad', 'head', 'wife', 'mother'),
      ...each('national_health_insurance_join_abroad', 'head', 'wife'),
      ...each('national_pension_abroad', 'head'),
      ...each('my_number_abroad', 'head', 'wife', 'mother'),
    ],
  },
  {
    name: '国外転入: a foreign father and his Japanese child of 3 — only the father files the 住居地',
    event: 'moving_in_from_abroad',
    members: [p('father', '世帯主', 35, { ...FOREIGN, ...NEW }), p('child', '子', 3, NEW)],
    expect: [
      ...each('moving_in_abroad_notification', 'father', 'child'),
      ...each('residence_card_address_abroad', 'father'),
      ...each('national_health_insurance_join_abroad', 'father', 'child'),
      ...each('national_pension_abroad', 'father'),
      ...each('child_allowance_abroad', 'father'),
      ...each('child_medical_subsidy_abroad', 'child'),
      ...each('my_number_abroad', 'father', 'child'),
    ],
  },

  // ── 国外転出 ──
  {
    name: '国外転出: a Japanese family (40 with a card, 38, 16, 10): 任意加入, the card kept, 納税管理人 for the adults',
    event: 'moving_abroad',
    members: [p('head', '世帯主', 40, { ...NAT, ...MNC }), p('wife', '妻', 38, NAT), p('daughter', '子', 16, KID_NAT), p('son', '子', 10, KID_NAT)],
    expect: [
      ...each('moving_abroad_notification', 'head', 'wife', 'daughter', 'son'),
      ...each('national_health_insurance_loss_abroad', 'head', 'wife', 'daughter', 'son'),
      ...each('national_pension_voluntary_abroad', 'head', 'wife'),
      ...each('my_number_card_keep_abroad', 'head'),
      ...each('tax_agent_abroad', 'head', 'wife'),
      ...each('child_allowance_end_abroad', 'head'),
      ...each('school_leaving_abroad', 'son'),
      ...each('seal_registration_end_abroad', 'head', 'wife', 'daughter'),
    ],
    // The 国外転出届 is due by the departure day itself.
    deadlines: { 'moving_abroad_notification head': D, 'my_number_card_keep_abroad head': D, 'national_health_insurance_loss_abroad head': '2026-12-11', 'national_pension_voluntary_abroad head': null },
    departments: { 'tax_agent_abroad head': ['税務課', '総務課'], 'national_pension_voluntary_abroad head': ['保険年金課', '町民課'] },
  },
  {
    name: '国外転出: a Vietnamese couple (employee with a card, 国保 wife): 脱退一時金 for both, the card returned',
    event: 'moving_abroad',
    members: [p('head', '世帯主', 29, { ...FOREIGN, ...EMP, ...MNC }), p('wife', '妻', 27, { ...FOREIGN, ...NAT })],
    expect: [
      ...each('moving_abroad_notification', 'head', 'wife'),
      ...each('national_health_insurance_loss_abroad', 'wife'),
      ...each('pension_lump_sum_withdrawal', 'head', 'wife'),
      ...each('my_number_card_return_abroad', 'head'),
      ...each('tax_agent_abroad', 'head', 'wife'),
      ...each('seal_registration_end_abroad', 'head', 'wife'),
    ],
    // 2 years as 730 days: a leap day (2028-02-29) makes it end a day before the second anniversary, never after.
    deadlines: { 'pension_lump_sum_withdrawal head': '2028-11-26' },
    departments: { 'pension_lump_sum_withdrawal wife': ['日本年金機構', '日本年金機構'] },
    reasons: {
      'pension_lump_sum_withdrawal head': [
        { code: 'foreign_resident', params: {} },
        { code: 'pension', params: { pension: 'employee' } },
      ],
    },
  },
  {
    name: '国外転出: a mixed couple with cards — the Japanese wife keeps hers, the foreign husband returns his',
    event: 'moving_abroad',
    members: [p('head', '世帯主', 40, { ...FOREIGN, ...NAT, ...MNC }), p('wife', '妻', 38, { ...NAT, ...MNC })],
    expect: [
      ...each('moving_abroad_notification', 'head', 'wife'),
      ...each('national_health_insurance_loss_abroad', 'head', 'wife'),
      ...each('national_pension_voluntary_abroad', 'wife'),
      ...each('pension_lump_sum_withdrawal', 'head'),
      ...each('my_number_card_keep_abroad', 'wife'),
      ...each('my_number_card_return_abroad', 'head'),
      ...each('tax_agent_abroad', 'head', 'wife'),
      ...each('seal_registration_end_abroad', 'head', 'wife'),
    ],
  },
  {
    name: '国外転出: an elderly Japanese couple (77 in 後期高齢, 64 in 国保): care from 65, 任意加入 to 64',
    event: 'moving_abroad',
    members: [p('husband', '世帯主', 77, { ...ELDER, ...MNC }), p('wife', '妻', 64, NAT)],
    expect: [
      ...each('moving_abroad_notification', 'husband', 'wife'),
      ...each('national_health_insurance_loss_abroad', 'wife'),
      ...each('late_elderly_loss_abroad', 'husband'),
      ...each('long_term_care_loss_abroad', 'husband'),
      ...each('national_pension_voluntary_abroad', 'wife'),
      ...each('my_number_card_keep_abroad', 'husband'),
      ...each('tax_agent_abroad', 'husband', 'wife'),
      ...each('seal_registration_end_abroad', 'husband', 'wife'),
    ],
  },
  {
    name: '国外転出: a foreign dependent spouse (第3号) paid no premiums — no 脱退一時金 for her',
    event: 'moving_abroad',
    members: [p('head', '世帯主', 35, { ...FOREIGN, ...EMP }), p('wife', '妻', 33, { ...FOREIGN, ...DEP })],
    expect: [
      ...each('moving_abroad_notification', 'head', 'wife'),
      ...each('pension_lump_sum_withdrawal', 'head'),
      ...each('tax_agent_abroad', 'head', 'wife'),
      ...each('seal_registration_end_abroad', 'head', 'wife'),
    ],
  },

  // ── 世帯変更 ──
  {
    name: '世帯変更 分離: a son\'s family leaves his father\'s household (国保 for all, the grandchild\'s allowance, the 70-year-old\'s care notice)',
    event: 'household_change',
    kind: 'separation',
    members: [p('grandfather', '世帯主', 70, { healthInsurance: 'national', pension: 'recipient' }), p('son', '子', 40, NAT), p('daughter_in_law', '子の妻', 38, NAT), p('grandchild', '孫', 5, KID_NAT)],
    expect: [
      ...each('household_change_notification', 'grandfather'),
      ...each('national_health_insurance_household_change', 'grandfather', 'son', 'daughter_in_law', 'grandchild'),
      // The grandchild's parents live here: one of them claims (the first earner), not the grandfather.
      ...each('child_allowance_household_change', 'son'),
      ...each('long_term_care_household_notice', 'grandfather'),
    ],
    deadlines: { 'household_change_notification grandfather': '2026-12-11', 'child_allowance_household_change son': '2026-12-12', 'long_term_care_household_notice grandfather': null },
    reasons: {
      'national_health_insurance_household_change son': [
        { code: 'event_kind', params: { kind: 'separation' } },
        { code: 'insurance', params: { insurance: 'national' } },
      ],
    },
  },
  {
    name: '世帯変更 合併: an employee\'s household takes in his mother of 80 (no 国保; the allowance stays with the earner)',
    event: 'household_change',
    kind: 'merger',
    members: [p('head', '世帯主', 45, EMP), p('wife', '妻', 43, DEP), p('kid', '子', 12, KID_EMP), p('mother', '母', 80, ELDER)],
    expect: [...each('household_change_notification', 'head'), ...each('child_allowance_household_change', 'head'), ...each('long_term_care_household_notice', 'mother')],
  },
  {
    name: '世帯変更 世帯主変更: 国保 changes for every member; no allowance change',
    event: 'household_change',
    kind: 'head_change',
    members: [p('head', '世帯主', 50, NAT), p('wife', '妻', 48, NAT), p('kid', '子', 10, KID_NAT)],
    expect: [...each('household_change_notification', 'head'), ...each('national_health_insurance_household_change', 'head', 'wife', 'kid')],
  },
  {
    name: '世帯変更 続柄変更: only the 世帯変更届',
    event: 'household_change',
    kind: 'relation_change',
    members: [p('head', '世帯主', 50, NAT), p('wife', '妻', 48, NAT), p('mother', '母', 70, { healthInsurance: 'national', pension: 'recipient' })],
    expect: each('household_change_notification', 'head'),
  },

  // ── 在留期間更新・在留資格変更 ──
  {
    name: '在留期間更新: the foreign husband\'s card gets its new validity; his Japanese wife has nothing to do',
    event: 'residence_status_change',
    kind: 'renewal',
    members: [p('head', '世帯主', 30, { ...FOREIGN, ...NAT, ...MNC }), p('wife', '妻', 28, { ...NAT, ...MNC })],
    expect: [...each('residence_record_update', 'head'), ...each('my_number_card_validity_change', 'head'), ...each('e_certificate_renewal', 'head')],
    reasons: { 'residence_record_update head': [{ code: 'foreign_resident', params: {} }] },
  },
  {
    name: '在留資格変更: the 国保 question for a member in 国保, not for the employee',
    event: 'residence_status_change',
    kind: 'change',
    members: [p('head', '世帯主', 30, { ...FOREIGN, ...NAT }), p('wife', '妻', 28, { ...FOREIGN, ...EMP, ...MNC })],
    expect: [
      ...each('residence_record_update', 'head', 'wife'),
      ...each('my_number_card_validity_change', 'wife'),
      ...each('e_certificate_renewal', 'wife'),
      ...each('national_health_insurance_status_change', 'head'),
    ],
  },
  {
    name: '在留資格変更: nothing for a household of Japanese nationals',
    event: 'residence_status_change',
    kind: 'change',
    members: [p('head', '世帯主', 30, { ...NAT, ...MNC }), p('wife', '妻', 28, NAT)],
    expect: [],
  },

  // ── 社会保険の加入・喪失 ──
  {
    name: '社会保険 加入: a 国保 family joins the employer\'s insurance (国保 脱退 for all, pension guidance for the adults)',
    event: 'social_insurance_change',
    kind: 'join',
    members: [p('head', '世帯主', 35, NAT), p('wife', '妻', 33, NAT), p('kid', '子', 5, KID_NAT)],
    expect: [...each('national_health_insurance_loss_employment', 'head', 'wife', 'kid'), ...each('national_pension_employment_guidance', 'head', 'wife')],
    deadlines: { 'national_health_insurance_loss_employment head': '2026-12-11', 'national_pension_employment_guidance head': null },
  },
  {
    name: '社会保険 加入 at 60: 国保 脱退, but no 国民年金 any more',
    event: 'social_insurance_change',
    kind: 'join',
    members: [p('head', '世帯主', 60, NAT)],
    expect: each('national_health_insurance_loss_employment', 'head'),
  },
  {
    name: '社会保険 喪失: an employee (58), his dependent wife (60) and their child (15) join 国保; only he becomes 第1号',
    event: 'social_insurance_change',
    kind: 'loss',
    members: [p('head', '世帯主', 58, EMP), p('wife', '妻', 60, DEP), p('kid', '子', 15, KID_EMP)],
    expect: [...each('national_health_insurance_join_employment_loss', 'head', 'wife', 'kid'), ...each('national_pension_first_category', 'head')],
    deadlines: { 'national_pension_first_category head': '2026-12-11' },
  },
  {
    name: '社会保険 喪失: a dependent spouse of 45 becomes 第1号 too; nobody at 75 joins 国保',
    event: 'social_insurance_change',
    kind: 'loss',
    members: [p('head', '世帯主', 47, EMP), p('wife', '妻', 45, DEP), p('father', '父', 75, { healthInsurance: 'employee', pension: 'recipient' })],
    expect: [...each('national_health_insurance_join_employment_loss', 'head', 'wife'), ...each('national_pension_first_category', 'head', 'wife')],
  },

  // ── 離婚 ──
  {
    name: '離婚 協議: an employee and his dependent wife with children of 17 and 8',
    event: 'divorce',
    kind: 'agreement',
    members: [p('head', '世帯主', 40, EMP), p('wife', '妻', 38, { ...DEP, sex: 2 }), p('teen', '子', 17, KID_EMP), p('kid', '子', 8, KID_EMP)],
    expect: [
      ...each('divorce_notification', 'head', 'wife'),
      // Household-level: one claimant (the engine's rule: the main earner); staff move it to the parent with custody.
      ...each('child_rearing_allowance', 'head'),
      ...each('single_parent_medical', 'head'),
      ...each('child_allowance_divorce', 'head'),
      ...each('national_pension_divorce', 'wife'),
      ...each('national_health_insurance_join_divorce', 'wife', 'teen', 'kid'),
    ],
    // 協議離婚: no deadline; 第3号 → 第1号: 14 days; 児童手当: 15 days.
    deadlines: { 'divorce_notification head': null, 'national_pension_divorce wife': '2026-12-11', 'child_allowance_divorce head': '2026-12-12' },
  },
  {
    name: '離婚 裁判: 10 days counting the day it became final; nothing else for a childless 国保 couple',
    event: 'divorce',
    kind: 'court',
    members: [p('head', '世帯主', 45, { ...FOREIGN, ...NAT }), p('wife', '妻', 44, { ...FOREIGN, ...NAT })],
    expect: each('divorce_notification_court', 'head', 'wife'),
    deadlines: { 'divorce_notification_court head': '2026-12-06' },
  },
  {
    name: '離婚 協議 with a child of 19 at home: the couple files, no child benefits',
    event: 'divorce',
    kind: 'agreement',
    members: [p('head', '世帯主', 50, NAT), p('wife', '妻', 48, NAT), p('son', '子', 19, KID_NAT)],
    expect: each('divorce_notification', 'head', 'wife'),
  },
  {
    name: '離婚 of a dependent wife of 60: 国保 yes, no 第1号 any more',
    event: 'divorce',
    kind: 'agreement',
    members: [p('head', '世帯主', 62, EMP), p('wife', '妻', 60, DEP)],
    expect: [...each('divorce_notification', 'head', 'wife'), ...each('national_health_insurance_join_divorce', 'wife')],
  },
];

function eventOf(c: Case): EventInput {
  return { lifeEvent: c.event, eventDate: D, members: c.members.map((person) => member(person, D)), ...(c.kind ? { eventKind: c.kind } : {}) };
}

const pairs = (judgements: Judgement[]): string[] => judgements.map((j) => `${j.procedureId} ${j.residentId ?? '(household)'}`).sort();

describe('the six new life events: household table (both towns)', () => {
  it(`has at least 24 cases, every new event and every sub-kind (${CASES.length})`, () => {
    assert.ok(CASES.length >= 24);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length, 'case names are unique');
    for (const event of ['moving_in_from_abroad', 'moving_abroad', 'household_change', 'residence_status_change', 'social_insurance_change', 'divorce'] as const) {
      assert.ok(CASES.some((c) => c.event === event), event);
      for (const kind of eventKindsOf(event)) assert.ok(CASES.some((c) => c.event === event && c.kind === kind), `${event} ${kind}`);
    }
  });

  for (const c of CASES) {
    it(c.name, () => {
      const event = eventOf(c);
      for (const person of c.members) assert.equal(legalAge(member(person, D).birthDate, D), person.born, `${person.label}'s age`);
      const towns = [
        { town: '美濃加茂市', index: 0, judgements: judgeProcedures(MINOKAMO, event), expect: c.expect },
        { town: '坂祝町', index: 1, judgements: judgeProcedures(SAKAHOGI, event), expect: [...c.expect, ...(c.sakahogiAlso ?? [])] },
      ];
      for (const { town, index, judgements, expect } of towns) {
        assert.deepEqual(pairs(judgements), [...expect].sort(), town);
        for (const judgement of judgements) {
          assert.ok(judgement.reasons.length > 0, `${judgement.procedureId} has reasons`);
          for (const reason of judgement.reasons) assert.ok(REASON_CODES.includes(reason.code), reason.code);
        }
        const find = (key: string) => {
          const judgement = judgements.find((j) => `${j.procedureId} ${j.residentId}` === key);
          assert.ok(judgement, `${town}: no judgement ${key}`);
          return judgement;
        };
        for (const [key, deadline] of Object.entries(c.deadlines ?? {})) assert.equal(find(key).deadline, deadline, `${town}: deadline of ${key}`);
        for (const [key, departments] of Object.entries(c.departments ?? {})) assert.equal(find(key).department, departments[index], `${town}: department of ${key}`);
        for (const [key, reasons] of Object.entries(c.reasons ?? {})) assert.deepEqual(find(key).reasons, reasons, `${town}: reasons of ${key}`);
      }
    });
  }
});

describe('the sub-kind of an event (eventKind)', () => {
  const someone: Member = { residentId: 'x', relation: '世帯主', birthDate: '1990-06-01', sex: 1, kind: 'japanese', healthInsurance: 'national', pension: 'national', careCertified: false, hasMyNumberCard: false, hasResidenceCard: false };

  it('is required for an event that has sub-kinds, and only one of its own', () => {
    const event = (extra: Partial<EventInput>): EventInput => ({ lifeEvent: 'divorce', eventDate: D, members: [someone], ...extra });
    assert.throws(() => judgeProcedures(MINOKAMO, event({})), EventInputError);
    assert.throws(() => judgeProcedures(MINOKAMO, event({ eventKind: 'renewal' })), EventInputError);
    assert.throws(() => judgeProcedures(MINOKAMO, { lifeEvent: 'marriage', eventDate: D, members: [someone], eventKind: 'agreement' }), EventInputError);
    assert.deepEqual(pairs(judgeProcedures(MINOKAMO, event({ eventKind: 'court' }))), ['divorce_notification_court x']);
  });

  it('lists the sub-kinds the staff screen offers', () => {
    assert.deepEqual(EVENT_KINDS, {
      household_change: ['separation', 'merger', 'head_change', 'relation_change'],
      residence_status_change: ['renewal', 'change'],
      social_insurance_change: ['join', 'loss'],
      divorce: ['agreement', 'court'],
    });
    assert.deepEqual(eventKindsOf('moving_abroad'), []);
  });

  it('is a condition of the vocabulary, with its reasons and their negation', () => {
    assert.equal(ConditionSchema.safeParse({ eventKind: 'join' }).success, true);
    assert.equal(ConditionSchema.safeParse({ eventKind: ['separation', 'merger'], insurance: 'national' }).success, true);
    for (const bad of [{ eventKind: 'wedding' }, { eventKind: [] }, { eventKind: true }]) assert.equal(ConditionSchema.safeParse(bad).success, false, JSON.stringify(bad));
    const context = { eventDate: D, members: [someone], eventKind: 'merger' as const };
    assert.deepEqual(evaluate(ConditionSchema.parse({ eventKind: ['separation', 'merger'] }), someone, context), { matched: true, reasons: [{ code: 'event_kind', params: { kind: 'merger' } }] });
    assert.deepEqual(evaluate(ConditionSchema.parse({ not: { eventKind: ['join', 'loss'] } }), someone, context).reasons, [{ code: 'not_event_kind', params: { kind: 'join,loss' } }]);
    // An event without a sub-kind matches no eventKind condition.
    assert.equal(evaluate(ConditionSchema.parse({ eventKind: 'join' }), someone, { eventDate: D, members: [someone] }).matched, false);
    assert.ok(REASON_CODES.includes('event_kind') && REASON_CODES.includes('not_event_kind'));
  });
});

describe('the demo catalogs for the new events', () => {
  const NEW_EVENTS = ['moving_in_from_abroad', 'moving_abroad', 'household_change', 'residence_status_change', 'social_insurance_change', 'divorce'];

  it('give both towns the same procedures for each new event, with their own departments', () => {
    for (const event of NEW_EVENTS) {
      const ids = (catalog: typeof MINOKAMO) => catalog.filter((e) => e.lifeEvent === event).map((e) => e.procedureId);
      assert.ok(ids(MINOKAMO).length >= 3, event);
      assert.deepEqual(ids(SAKAHOGI), ids(MINOKAMO), event);
    }
    const department = (catalog: typeof MINOKAMO, id: string) => catalog.find((e) => e.procedureId === id)?.department;
    assert.deepEqual([department(MINOKAMO, 'tax_agent_abroad'), department(SAKAHOGI, 'tax_agent_abroad')], ['税務課', '総務課']);
    assert.deepEqual([department(MINOKAMO, 'national_health_insurance_join_abroad'), department(SAKAHOGI, 'national_health_insurance_join_abroad')], ['保険年金課', '町民課']);
  });

  it('leave the by-request procedures to staff (印鑑登録, 氏を称する届, 世帯分離 after a divorce, name changes)', () => {
    for (const id of ['seal_registration_abroad', 'surname_after_divorce', 'household_change_divorce', 'my_number_card_name_change', 'seal_registration_name_change']) {
      assert.deepEqual(MINOKAMO.find((e) => e.procedureId === id)?.condition, { requested: true }, id);
    }
    // 氏を称する届: 3 months, given as the shortest 3 months (90 days counting the divorce day).
    const surname = MINOKAMO.find((e) => e.procedureId === 'surname_after_divorce')!;
    assert.deepEqual([surname.deadlineDays, surname.deadlineCountsEventDay], [90, true]);
  });

  it('say マイナ保険証, 資格確認書 or 資格情報のお知らせ and ask for no 戸籍謄本', () => {
    const ja = JA_CATALOG.procedures as Record<string, { title: string; explanation: string; bring: string }>;
    for (const e of MINOKAMO.filter((x) => NEW_EVENTS.includes(x.lifeEvent))) {
      const text = ja[e.procedureId]!;
      for (const field of ['title', 'explanation', 'bring'] as const) {
        assert.doesNotMatch(text[field].replace(/マイナ保険証/g, ''), /保険証/, `${e.procedureId}.${field}`);
        assert.doesNotMatch(text[field].replace(/戸籍謄本は原則いりません/, ''), /戸籍謄本/, `${e.procedureId}.${field}`);
      }
    }
    for (const id of ['national_health_insurance_join_abroad', 'national_health_insurance_join_employment_loss', 'national_health_insurance_join_divorce']) {
      assert.match(ja[id]!.explanation, /資格確認書.*資格情報のお知らせ/, id);
    }
    for (const id of ['national_health_insurance_loss_abroad', 'national_health_insurance_loss_employment', 'late_elderly_loss_abroad']) assert.match(ja[id]!.bring, /資格確認書（お持ちの方）/, id);
  });
});

describe('an intake leads to its event', () => {
  it('from abroad to 国外転入, from a 転出証明書, a card or a handoff to 転入', () => {
    assert.equal(lifeEventOfIntake('from_abroad'), 'moving_in_from_abroad');
    for (const source of ['moving_out_certificate', 'special_move_in', 'handoff'] as const) assert.equal(lifeEventOfIntake(source), 'moving_in', source);
  });
});
