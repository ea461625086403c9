import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_CATALOGS } from '../../server/demo/catalog';
import EN_CATALOG from '../i18n/locales/en/catalog.json' with { type: 'json' };
import JA_CATALOG from '../i18n/locales/ja/catalog.json' with { type: 'json' };
import { coverageHouseholds, DEFAULT_REFERENCE_DATE } from '../../server/demo/generator';
import { ConditionSchema, evaluate } from './conditions';
import { addDays, legalAge } from './dates';
import { CatalogConditionError, EventInputError, judgeProcedures, newbornNationality, REASON_CODES, validateCatalog } from './engine';
import type { CatalogEntry, EventInput, EventKind, Judgement, LifeEvent, Member, Reason } from './engine';
import { eventKindsOf, LIFE_EVENTS } from './types';

// ───────────────────────────────────────── household builder ────────────────────────────────────────────

type Opts = Partial<Omit<Member, 'residentId' | 'relation' | 'birthDate'>>;

interface Person {
  label: string;
  relation: string;
  /** A 'YYYY-MM-DD' birth date, or an age: born so as to be that age on the case date, far from the birthday. */
  born: string | number;
  /** Expected legal age on the case date, checked (documents the boundary cases). */
  age?: number;
  opts: Opts;
}

const p = (label: string, relation: string, born: string | number, opts: Opts & { age?: number } = {}): Person => {
  const { age, ...rest } = opts;
  return age === undefined ? { label, relation, born, opts: rest } : { label, relation, born, age, opts: rest };
};

// Insurance / pension presets.
const NAT: Opts = { healthInsurance: 'national', pension: 'national' };
const EMP: Opts = { healthInsurance: 'employee', pension: 'employee' };
const DEP: Opts = { healthInsurance: 'employee', pension: 'dependent_spouse' };
const KID_NAT: Opts = { healthInsurance: 'national', pension: 'none' };
const KID_EMP: Opts = { healthInsurance: 'employee', pension: 'none' };
const ELDER: Opts = { healthInsurance: 'late_elderly', pension: 'recipient' };
const WELFARE: Opts = { healthInsurance: 'welfare', pension: 'national' };
const FOREIGN: Opts = { kind: 'foreign', hasResidenceCard: true };
const MNC: Opts = { hasMyNumberCard: true };
const CARE: Opts = { careCertified: true };
const F: Opts = { sex: 2 };

/** Born `age` years and ~100 days before `on`: that age on `on`, nowhere near a birthday. */
function bornAged(age: number, on: string): string {
  const shifted = `${String(Number(on.slice(0, 4)) - age).padStart(4, '0')}${on.slice(4) === '-02-29' ? '-02-28' : on.slice(4)}`;
  return addDays(shifted, -100);
}

function member(person: Person, on: string): Member {
  return {
    residentId: person.label,
    relation: person.relation,
    birthDate: typeof person.born === 'number' ? bornAged(person.born, on) : person.born,
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

/** Why a 世帯主変更届 is judged when two members aged 15 or older survive the 世帯主. */
const HEAD_DIED_TWO_AGED_15_REMAIN: Reason[] = [
  { code: 'deceased', params: {} },
  { code: 'relation', params: { relation: '世帯主' } },
  { code: 'remaining_members_aged', params: { count: 2, min: 2, age: 15 } },
];

/** 'procedureId label' pairs. */
const each = (procedureId: string, ...labels: string[]): string[] => labels.map((label) => `${procedureId} ${label}`);

interface Case {
  name: string;
  event: LifeEvent;
  date: string;
  members: Person[];
  newborn?: string;
  deceased?: string;
  /** 死亡: the day the death became known. */
  deathKnown?: string;
  /** 転入: the 転出予定日 on the 転出証明書. */
  plannedMoveOut?: string;
  /** What both towns judge. */
  expect: string[];
  /** What 坂祝町 judges besides (its 子ども医療 runs to 18's fiscal year end, 美濃加茂市's to 15's). */
  sakahogiAlso?: string[];
  /** Exact reasons of some judgements, keyed 'procedureId label' (checked in every town that judges it). */
  reasons?: Record<string, Reason[]>;
  /** Exact deadlines of some judgements, keyed 'procedureId label' (both towns). */
  deadlines?: Record<string, string | null>;
}

const D = '2026-11-27';

// ───────────────────────────────────────── the table ────────────────────────────────────────────────────

const CASES: Case[] = [
  // ── 転入: the acceptance case ──
  {
    name: 'a Brazilian family moving into 美濃加茂市 (mother 33, father 35, son 7, residence cards, not employer-insured)',
    event: 'moving_in',
    date: D,
    members: [
      p('father', '世帯主', 35, { ...FOREIGN, ...NAT, age: 35 }),
      p('mother', '妻', 33, { ...FOREIGN, ...NAT, ...F, age: 33 }),
      p('son', '子', 7, { ...FOREIGN, ...KID_NAT, age: 7 }),
    ],
    expect: [
      ...each('moving_in_notification', 'father', 'mother', 'son'),
      ...each('residence_card_address', 'father', 'mother', 'son'),
      ...each('national_health_insurance_join', 'father', 'mother', 'son'),
      ...each('child_allowance', 'father'),
      ...each('child_medical_subsidy', 'son'),
      ...each('school_transfer', 'son'),
    ],
    reasons: {
      'child_allowance father': [{ code: 'household_child', params: { childAge: 7, limit: 18, children: 1 } }],
      'school_transfer son': [{ code: 'school_age', params: { age: 7, stage: 'elementary', grade: 1 } }],
      'residence_card_address mother': [
        { code: 'foreign_resident', params: {} },
        { code: 'residence_card', params: {} },
      ],
    },
  },
  // ── 転入: Japanese households, cards, insurance ──
  {
    name: 'Japanese single employee with a My Number card',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', 30, { ...EMP, ...MNC })],
    expect: [...each('moving_in_notification', 'me'), ...each('my_number_card_address', 'me')],
    reasons: { 'my_number_card_address me': [{ code: 'my_number_card', params: {} }] },
  },
  {
    name: 'employee with a dependent spouse (第3号) and a child of 3: no 国保, no 国民年金',
    event: 'moving_in',
    date: D,
    members: [p('husband', '世帯主', 40, EMP), p('wife', '妻', 38, { ...DEP, ...F }), p('kid', '子', 3, KID_EMP)],
    expect: [...each('moving_in_notification', 'husband', 'wife', 'kid'), ...each('child_allowance', 'husband'), ...each('child_medical_subsidy', 'kid')],
  },
  {
    name: 'wife as 世帯主 with 夫 and a 同居人, all employees',
    event: 'moving_in',
    date: D,
    members: [p('head', '世帯主', 38, { ...EMP, ...F }), p('husband', '夫', 40, EMP), p('lodger', '同居人', 27, { ...EMP, ...F })],
    expect: each('moving_in_notification', 'head', 'husband', 'lodger'),
  },
  {
    name: 'single mother (世帯主) and a child of 5, employee-insured',
    event: 'moving_in',
    date: D,
    members: [p('mother', '世帯主', 34, { ...EMP, ...F, ...MNC }), p('kid', '子', 5, KID_EMP)],
    expect: [...each('moving_in_notification', 'mother', 'kid'), ...each('my_number_card_address', 'mother'), ...each('child_allowance', 'mother'), ...each('child_medical_subsidy', 'kid')],
  },
  {
    name: 'child allowance goes to the 世帯主 even when the 妻 is listed first',
    event: 'moving_in',
    date: D,
    members: [p('wife', '妻', 36, { ...DEP, ...F }), p('head', '世帯主', 37, EMP), p('kid', '子', 9, KID_EMP)],
    expect: [...each('moving_in_notification', 'wife', 'head', 'kid'), ...each('child_allowance', 'head'), ...each('child_medical_subsidy', 'kid'), ...each('school_transfer', 'kid')],
  },
  {
    name: 'three generations: grandfather heads, his daughter (子) claims for her child (孫)',
    event: 'moving_in',
    date: D,
    members: [p('grandpa', '世帯主', 70, { healthInsurance: 'national', pension: 'recipient' }), p('mother', '子', 35, { ...EMP, ...F }), p('grandchild', '孫', 2, KID_EMP)],
    expect: [
      ...each('moving_in_notification', 'grandpa', 'mother', 'grandchild'),
      ...each('national_health_insurance_join', 'grandpa'),
      ...each('long_term_care_insurance', 'grandpa'),
      ...each('child_allowance', 'mother'),
      ...each('child_medical_subsidy', 'grandchild'),
    ],
  },
  {
    name: 'three generations: couple of employees, 父 78 on 後期高齢 with a care certification, 母 72 on 国保',
    event: 'moving_in',
    date: D,
    members: [
      p('head', '世帯主', 52, { ...EMP, ...MNC }),
      p('wife', '妻', 50, { ...EMP, ...MNC, ...F }),
      p('father', '父', 78, { ...ELDER, ...CARE }),
      p('mother', '母', 72, { healthInsurance: 'national', pension: 'recipient', ...MNC, ...F }),
    ],
    expect: [
      ...each('moving_in_notification', 'head', 'wife', 'father', 'mother'),
      ...each('my_number_card_address', 'head', 'wife', 'mother'),
      ...each('national_health_insurance_join', 'mother'),
      ...each('long_term_care_insurance', 'father', 'mother'),
      ...each('late_elderly_medical', 'father'),
    ],
  },
  // ── 転入: school children around the cut-offs ──
  {
    name: 'school: 6, born 1 April 2019 → first grade on 2026-03-15',
    event: 'moving_in',
    date: '2026-03-15',
    members: [p('mother', '世帯主', 35, { ...NAT, ...F }), p('kid', '子', '2019-04-01', { ...KID_NAT, age: 6 })],
    expect: [
      ...each('moving_in_notification', 'mother', 'kid'),
      ...each('national_health_insurance_join', 'mother', 'kid'),
      ...each('child_allowance', 'mother'),
      ...each('child_medical_subsidy', 'kid'),
      ...each('school_transfer', 'kid'),
    ],
    reasons: { 'school_transfer kid': [{ code: 'school_age', params: { age: 6, stage: 'elementary', grade: 1 } }] },
  },
  {
    name: 'school: 6, born 2 April 2019 → still preschool on 2026-03-15',
    event: 'moving_in',
    date: '2026-03-15',
    members: [p('mother', '世帯主', 35, { ...NAT, ...F }), p('kid', '子', '2019-04-02', { ...KID_NAT, age: 6 })],
    expect: [
      ...each('moving_in_notification', 'mother', 'kid'),
      ...each('national_health_insurance_join', 'mother', 'kid'),
      ...each('child_allowance', 'mother'),
      ...each('child_medical_subsidy', 'kid'),
    ],
  },
  {
    name: 'school: born 2 April 2019, on 2026-03-31 → 6 and preschool',
    event: 'moving_in',
    date: '2026-03-31',
    members: [p('father', '世帯主', 40, EMP), p('kid', '子', '2019-04-02', { ...KID_EMP, age: 6 })],
    expect: [...each('moving_in_notification', 'father', 'kid'), ...each('child_allowance', 'father'), ...each('child_medical_subsidy', 'kid')],
  },
  {
    name: 'school: born 2 April 2019, on 2026-04-01 (birthday eve) → 7 and first grade',
    event: 'moving_in',
    date: '2026-04-01',
    members: [p('father', '世帯主', 40, EMP), p('kid', '子', '2019-04-02', { ...KID_EMP, age: 7 })],
    expect: [...each('moving_in_notification', 'father', 'kid'), ...each('child_allowance', 'father'), ...each('child_medical_subsidy', 'kid'), ...each('school_transfer', 'kid')],
    reasons: { 'school_transfer kid': [{ code: 'school_age', params: { age: 7, stage: 'elementary', grade: 1 } }] },
  },
  {
    name: 'school: 12, born 2 April 2013 → sixth grade; 12, born 1 April 2013 → junior high (2026-03-15)',
    event: 'moving_in',
    date: '2026-03-15',
    members: [
      p('father', '世帯主', 45, EMP),
      p('younger', '子', '2013-04-02', { ...KID_EMP, age: 12 }),
      p('cousin', '同居人', '2013-04-01', { ...KID_EMP, age: 12 }),
    ],
    expect: [
      ...each('moving_in_notification', 'father', 'younger', 'cousin'),
      ...each('child_allowance', 'father'),
      ...each('child_medical_subsidy', 'younger', 'cousin'),
      ...each('school_transfer', 'younger', 'cousin'),
    ],
    reasons: {
      'school_transfer younger': [{ code: 'school_age', params: { age: 12, stage: 'elementary', grade: 6 } }],
      'school_transfer cousin': [{ code: 'school_age', params: { age: 12, stage: 'junior_high', grade: 1 } }],
      'child_allowance father': [{ code: 'household_child', params: { childAge: 12, limit: 18, children: 1 } }],
    },
  },
  {
    name: 'school: 13 → junior high',
    event: 'moving_in',
    date: D,
    members: [p('father', '世帯主', 45, EMP), p('kid', '子', 13, { ...KID_EMP, age: 13 })],
    expect: [...each('moving_in_notification', 'father', 'kid'), ...each('child_allowance', 'father'), ...each('child_medical_subsidy', 'kid'), ...each('school_transfer', 'kid')],
    reasons: { 'school_transfer kid': [{ code: 'school_age', params: { age: 13, stage: 'junior_high', grade: 1 } }] },
  },
  {
    name: 'school: 15, born 2 April 2010 → junior high 3; 15, born 1 April 2010 → high-school age (2026-03-01)',
    event: 'moving_in',
    date: '2026-03-01',
    members: [
      p('mother', '世帯主', 44, { ...NAT, ...F }),
      p('jh', '子', '2010-04-02', { ...KID_NAT, age: 15 }),
      p('hs', '子', '2010-04-01', { ...KID_NAT, age: 15 }),
    ],
    expect: [
      ...each('moving_in_notification', 'mother', 'jh', 'hs'),
      ...each('national_health_insurance_join', 'mother', 'jh', 'hs'),
      ...each('child_allowance', 'mother'),
      ...each('child_medical_subsidy', 'jh'),
      ...each('school_transfer', 'jh'),
    ],
    // 坂祝町's 子ども医療 runs to 18's year end: the 15-year-old past 15's year end is still covered there.
    sakahogiAlso: each('child_medical_subsidy', 'hs'),
    reasons: { 'child_allowance mother': [{ code: 'household_child', params: { childAge: 15, limit: 18, children: 2 } }] },
  },
  {
    name: 'school: 16 → high-school age, no school transfer',
    event: 'moving_in',
    date: D,
    members: [p('father', '世帯主', 46, EMP), p('kid', '子', 16, { ...KID_EMP, age: 16 })],
    expect: [...each('moving_in_notification', 'father', 'kid'), ...each('child_allowance', 'father')],
    sakahogiAlso: each('child_medical_subsidy', 'kid'),
  },
  // ── 転入: the 18歳年度末 boundary ──
  {
    name: '18歳年度末: born 1 April 2008, on 2026-03-31 → still a child (18 today, year ends today)',
    event: 'moving_in',
    date: '2026-03-31',
    members: [p('mother', '世帯主', 48, { ...NAT, ...F }), p('kid', '子', '2008-04-01', { ...KID_NAT, age: 18 })],
    expect: [
      ...each('moving_in_notification', 'mother', 'kid'),
      ...each('national_health_insurance_join', 'mother', 'kid'),
      ...each('child_allowance', 'mother'),
    ],
    sakahogiAlso: each('child_medical_subsidy', 'kid'),
    reasons: {
      'child_medical_subsidy kid': [
        { code: 'child_until_fiscal_year_end', params: { age: 18, limit: 18, until: '2026-03-31' } },
        { code: 'not_insurance', params: { insurance: 'welfare' } },
      ],
    },
  },
  {
    name: '18歳年度末: born 1 April 2008, on 2026-04-01 → no longer a child',
    event: 'moving_in',
    date: '2026-04-01',
    members: [p('mother', '世帯主', 48, { ...NAT, ...F }), p('kid', '子', '2008-04-01', { ...KID_NAT, age: 18 })],
    expect: [...each('moving_in_notification', 'mother', 'kid'), ...each('national_health_insurance_join', 'mother', 'kid')],
  },
  {
    name: '18歳年度末: born 2 April 2008, on 2026-04-01 → 18 (birthday eve) but a child until 2027-03-31',
    event: 'moving_in',
    date: '2026-04-01',
    members: [p('mother', '世帯主', 48, { ...NAT, ...F }), p('kid', '子', '2008-04-02', { ...KID_NAT, age: 18 })],
    expect: [...each('moving_in_notification', 'mother', 'kid'), ...each('national_health_insurance_join', 'mother', 'kid'), ...each('child_allowance', 'mother')],
    sakahogiAlso: each('child_medical_subsidy', 'kid'),
  },
  // ── 転入: 介護保険 40–64 / 65 ──
  {
    name: '58 with a care certification (介護保険 第2号)',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', 58, { ...NAT, ...CARE })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me'), ...each('long_term_care_insurance', 'me')],
    reasons: {
      'long_term_care_insurance me': [
        { code: 'age_between', params: { age: 58, min: 40, max: 64 } },
        { code: 'care_certified', params: {} },
      ],
    },
  },
  {
    name: '58 without a care certification',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', 58, NAT)],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me')],
  },
  {
    name: '40 on the birthday eve, certified → 介護保険; 39 certified → not',
    event: 'moving_in',
    date: D,
    members: [p('forty', '世帯主', '1986-11-28', { ...EMP, ...CARE, age: 40 }), p('thirtynine', '妻', '1986-11-29', { ...EMP, ...CARE, ...F, age: 39 })],
    expect: [...each('moving_in_notification', 'forty', 'thirtynine'), ...each('long_term_care_insurance', 'forty')],
  },
  {
    name: '65 on the birthday eve (born 1961-11-28) → 介護保険 第1号',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '1961-11-28', { healthInsurance: 'national', pension: 'recipient', age: 65 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me'), ...each('long_term_care_insurance', 'me')],
    reasons: { 'long_term_care_insurance me': [{ code: 'age_at_least', params: { age: 65, min: 65 } }] },
  },
  {
    name: '64 two days before the birthday (born 1961-11-29) → no 介護保険',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '1961-11-29', { healthInsurance: 'national', pension: 'none', age: 64 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me')],
  },
  // ── 転入: 後期高齢 74 / 75 ──
  {
    name: '75 on the birthday eve (born 1951-11-28) → 後期高齢者医療, not 国保',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '1951-11-28', { healthInsurance: 'national', pension: 'recipient', age: 75 })],
    expect: [...each('moving_in_notification', 'me'), ...each('long_term_care_insurance', 'me'), ...each('late_elderly_medical', 'me')],
  },
  {
    name: '74 (born 1951-11-29) → 国保, not 後期高齢',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '1951-11-29', { healthInsurance: 'national', pension: 'recipient', age: 74 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me'), ...each('long_term_care_insurance', 'me')],
  },
  {
    name: '70 in 後期高齢 through a disability certification',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', 70, ELDER)],
    expect: [...each('moving_in_notification', 'me'), ...each('long_term_care_insurance', 'me'), ...each('late_elderly_medical', 'me')],
    reasons: {
      'late_elderly_medical me': [
        { code: 'insurance', params: { insurance: 'late_elderly' } },
        { code: 'not_insurance', params: { insurance: 'welfare' } },
      ],
    },
  },
  {
    name: 'an 83-year-old living alone',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', 83, { ...ELDER, ...F })],
    expect: [...each('moving_in_notification', 'me'), ...each('long_term_care_insurance', 'me'), ...each('late_elderly_medical', 'me')],
  },
  // ── 転入: 国民年金 20 / 19, 59 / 60 ──
  {
    name: '20 on the birthday eve (born 2006-11-28), not employer-insured → 国民年金',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '2006-11-28', { healthInsurance: 'national', pension: 'none', age: 20 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me'), ...each('national_pension', 'me')],
  },
  {
    name: '20 on the birthday eve, employer-insured → nothing but the notification',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '2006-11-28', { ...EMP, age: 20 })],
    expect: each('moving_in_notification', 'me'),
  },
  {
    name: '19 (born 2006-11-29), not employer-insured → 国保 only',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '2006-11-29', { healthInsurance: 'national', pension: 'none', age: 19 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me')],
  },
  {
    name: '19, employer-insured',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '2006-11-29', { ...EMP, age: 19 })],
    expect: each('moving_in_notification', 'me'),
  },
  {
    name: '59 (born 1966-11-29), in no pension → 国民年金',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '1966-11-29', { healthInsurance: 'national', pension: 'none', age: 59 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me'), ...each('national_pension', 'me')],
  },
  {
    name: '60 on the birthday eve (born 1966-11-28), not employer-insured → no 国民年金',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', '1966-11-28', { healthInsurance: 'national', pension: 'none', age: 60 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me')],
  },
  {
    name: '59 and 60, employer-insured → nothing but the notification',
    event: 'moving_in',
    date: D,
    members: [p('fiftynine', '世帯主', '1966-11-29', { ...EMP, age: 59 }), p('sixty', '同居人', '1966-11-28', { ...EMP, age: 60 })],
    expect: each('moving_in_notification', 'fiftynine', 'sixty'),
  },
  // ── 転入: 29 February ──
  {
    name: '29 February 1960: 65 on 28 February 2025 (common year)',
    event: 'moving_in',
    date: '2025-02-28',
    members: [p('me', '世帯主', '1960-02-29', { healthInsurance: 'national', pension: 'none', age: 65 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me'), ...each('long_term_care_insurance', 'me')],
  },
  {
    name: '29 February 1960: still 64 on 27 February 2025',
    event: 'moving_in',
    date: '2025-02-27',
    members: [p('me', '世帯主', '1960-02-29', { healthInsurance: 'national', pension: 'none', age: 64 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me')],
  },
  {
    name: '29 February 2008: 20 on 28 February 2028 (leap year) → 国民年金',
    event: 'moving_in',
    date: '2028-02-28',
    members: [p('me', '世帯主', '2008-02-29', { healthInsurance: 'national', pension: 'none', age: 20 })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me'), ...each('national_pension', 'me')],
  },
  // ── 転入: foreign residents ──
  {
    name: 'Vietnamese technical intern with a residence card, employer-insured',
    event: 'moving_in',
    date: D,
    members: [p('intern', '世帯主', 24, { ...FOREIGN, ...EMP })],
    expect: [...each('moving_in_notification', 'intern'), ...each('residence_card_address', 'intern')],
  },
  {
    name: 'special permanent residents (特別永住者証明書 counts as the card), 68 and 66, My Number cards',
    event: 'moving_in',
    date: D,
    members: [
      p('head', '世帯主', 68, { ...FOREIGN, ...MNC, healthInsurance: 'national', pension: 'recipient' }),
      p('wife', '妻', 66, { ...FOREIGN, ...MNC, ...F, healthInsurance: 'national', pension: 'recipient' }),
    ],
    expect: [
      ...each('moving_in_notification', 'head', 'wife'),
      ...each('residence_card_address', 'head', 'wife'),
      ...each('my_number_card_address', 'head', 'wife'),
      ...each('national_health_insurance_join', 'head', 'wife'),
      ...each('long_term_care_insurance', 'head', 'wife'),
    ],
  },
  {
    name: 'newly arrived from abroad, card to be issued later (no card yet), uninsured',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', 28, { kind: 'foreign', hasResidenceCard: false, healthInsurance: 'none', pension: 'none' })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me'), ...each('national_pension', 'me')],
  },
  {
    name: 'Japanese husband (employee), Filipina wife (第3号, residence card), child of 10, all with My Number cards',
    event: 'moving_in',
    date: D,
    members: [
      p('husband', '世帯主', 45, { ...EMP, ...MNC }),
      p('wife', '妻', 40, { ...FOREIGN, ...DEP, ...MNC, ...F }),
      p('kid', '子', 10, { ...KID_EMP, ...MNC, ...F }),
    ],
    expect: [
      ...each('moving_in_notification', 'husband', 'wife', 'kid'),
      ...each('residence_card_address', 'wife'),
      ...each('my_number_card_address', 'husband', 'wife', 'kid'),
      ...each('child_allowance', 'husband'),
      ...each('child_medical_subsidy', 'kid'),
      ...each('school_transfer', 'kid'),
    ],
  },
  // ── 転入: welfare ──
  {
    name: 'welfare recipient living alone, 55, already 第1号: no 国保, no 国民年金 filing',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', 55, WELFARE)],
    expect: each('moving_in_notification', 'me'),
  },
  {
    name: 'welfare household with a child of 10: child allowance, but no 国保 and no child medical subsidy',
    event: 'moving_in',
    date: D,
    members: [p('mother', '世帯主', 40, { ...WELFARE, ...F }), p('kid', '子', 10, { healthInsurance: 'welfare', pension: 'none' })],
    expect: [
      ...each('moving_in_notification', 'mother', 'kid'),
      ...each('child_allowance', 'mother'),
      ...each('school_transfer', 'kid'),
    ],
  },
  // ── 転出 / 転居 ──
  {
    name: 'self-employed family with children of 16 and 13 moving out',
    event: 'moving_out',
    date: D,
    members: [p('head', '世帯主', 45, NAT), p('wife', '妻', 43, { ...NAT, ...F }), p('son', '子', 16, KID_NAT), p('daughter', '子', 13, { ...KID_NAT, ...F })],
    expect: [
      ...each('moving_out_notification', 'head', 'wife', 'son', 'daughter'),
      ...each('national_health_insurance_loss', 'head', 'wife', 'son', 'daughter'),
      ...each('child_medical_return', 'daughter'),
      ...each('school_transfer_out', 'daughter'),
      ...each('seal_registration_end', 'head', 'wife', 'son'),
      ...each('child_allowance_end', 'head'),
    ],
    sakahogiAlso: each('child_medical_return', 'son'),
  },
  {
    name: 'employee family with a child of 3 and a grandmother of 70 moving out',
    event: 'moving_out',
    date: D,
    members: [
      p('head', '世帯主', 40, EMP),
      p('wife', '妻', 38, { ...DEP, ...F }),
      p('kid', '子', 3, KID_EMP),
      p('grandma', '母', 70, { healthInsurance: 'national', pension: 'recipient', ...F }),
    ],
    expect: [
      ...each('moving_out_notification', 'head', 'wife', 'kid', 'grandma'),
      ...each('national_health_insurance_loss', 'grandma'),
      ...each('child_medical_return', 'kid'),
      ...each('seal_registration_end', 'head', 'wife', 'grandma'),
      ...each('child_allowance_end', 'head'),
      ...each('long_term_care_return', 'grandma'),
    ],
  },
  {
    name: '58 with a care certification moving out',
    event: 'moving_out',
    date: D,
    members: [p('me', '世帯主', 58, { ...NAT, ...CARE })],
    expect: [...each('moving_out_notification', 'me'), ...each('national_health_insurance_loss', 'me'), ...each('seal_registration_end', 'me'), ...each('long_term_care_return', 'me')],
  },
  {
    name: 'foreign family moving within the city: the 転居届 and the residence-card address',
    event: 'moving_within',
    date: D,
    members: [p('father', '世帯主', 35, { ...FOREIGN, ...NAT }), p('mother', '妻', 33, { ...FOREIGN, ...NAT, ...F }), p('son', '子', 7, { ...FOREIGN, ...KID_NAT })],
    expect: [...each('moving_within_notification', 'father', 'mother', 'son'), ...each('residence_card_address_within', 'father', 'mother', 'son')],
  },
  // ── 出生 ──
  {
    name: 'birth into a national-insurance family',
    event: 'birth',
    date: D,
    members: [p('father', '世帯主', 30, NAT), p('mother', '妻', 28, { ...NAT, ...F }), p('baby', '子', D, { healthInsurance: 'none', pension: 'none', age: 0 })],
    newborn: 'baby',
    expect: [
      ...each('birth_notification', 'baby'),
      ...each('child_allowance_birth', 'father'),
      ...each('child_medical_subsidy_birth', 'baby'),
      ...each('national_health_insurance_join_birth', 'baby'),
    ],
    reasons: {
      'national_health_insurance_join_birth baby': [
        { code: 'newborn', params: {} },
        { code: 'parent_insurance', params: { insurance: 'national', relation: '世帯主' } },
      ],
      'child_allowance_birth father': [{ code: 'household_child', params: { childAge: 0, limit: 18, children: 1 } }],
    },
  },
  {
    name: 'birth into an employee-insured family with a sibling of 7',
    event: 'birth',
    date: D,
    members: [p('father', '世帯主', 34, { ...EMP, ...MNC }), p('mother', '妻', 31, { ...DEP, ...F }), p('sister', '子', 7, { ...KID_EMP, ...F }), p('baby', '子', D, { healthInsurance: 'none', pension: 'none' })],
    newborn: 'baby',
    expect: [...each('birth_notification', 'baby'), ...each('child_allowance_birth', 'father'), ...each('child_medical_subsidy_birth', 'baby')],
    reasons: { 'child_allowance_birth father': [{ code: 'household_child', params: { childAge: 0, limit: 18, children: 2 } }] },
  },
  {
    name: 'birth to a father in employee insurance and a self-employed mother in 国保: 国保 suggested (a parent is in 国保)',
    event: 'birth',
    date: D,
    members: [p('father', '世帯主', 33, EMP), p('mother', '妻', 32, { ...NAT, ...F }), p('baby', '子', D, { healthInsurance: 'none', pension: 'none' })],
    newborn: 'baby',
    expect: [
      ...each('birth_notification', 'baby'),
      ...each('child_allowance_birth', 'father'),
      ...each('child_medical_subsidy_birth', 'baby'),
      ...each('national_health_insurance_join_birth', 'baby'),
    ],
  },
  {
    name: 'birth into a welfare household (single mother): no 国保, no child medical subsidy',
    event: 'birth',
    date: D,
    members: [p('mother', '世帯主', 25, { ...WELFARE, ...F }), p('baby', '子', D, { healthInsurance: 'welfare', pension: 'none' })],
    newborn: 'baby',
    expect: [...each('birth_notification', 'baby'), ...each('child_allowance_birth', 'mother')],
  },
  {
    name: 'birth to Filipino parents in 国保 (the baby has no residence card yet)',
    event: 'birth',
    date: D,
    members: [
      p('father', '世帯主', 29, { ...FOREIGN, ...NAT }),
      p('mother', '妻', 27, { ...FOREIGN, ...NAT, ...F }),
      p('baby', '子', D, { kind: 'foreign', hasResidenceCard: false, healthInsurance: 'none', pension: 'none', ...F }),
    ],
    newborn: 'baby',
    expect: [
      ...each('birth_notification', 'baby'),
      ...each('residence_status_acquisition', 'baby'),
      ...each('child_allowance_birth', 'father'),
      ...each('child_medical_subsidy_birth', 'baby'),
      ...each('national_health_insurance_join_birth', 'baby'),
    ],
  },
  {
    name: 'birth into a three-generation household: the 子 (father) claims, the grandfather in 国保 does not make the baby 国保',
    event: 'birth',
    date: D,
    members: [
      p('grandpa', '世帯主', 62, { healthInsurance: 'national', pension: 'none' }),
      p('father', '子', 30, EMP),
      p('mother', '子の妻', 28, { ...DEP, ...F }),
      p('baby', '孫', D, { healthInsurance: 'none', pension: 'none' }),
    ],
    newborn: 'baby',
    expect: [...each('birth_notification', 'baby'), ...each('child_allowance_birth', 'father'), ...each('child_medical_subsidy_birth', 'baby')],
  },
  // ── 死亡 ──
  {
    name: 'death of the 世帯主 (80, 後期高齢, certified), wife and son remain',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 80, { ...ELDER, ...CARE }), p('wife', '妻', 77, { ...ELDER, ...F }), p('son', '子', 50, EMP)],
    deceased: 'head',
    expect: [
      ...each('death_notification', 'head'),
      ...each('cremation_permit', 'head'),
      ...each('late_elderly_loss', 'head'),
      ...each('funeral_expenses', 'head'),
      ...each('long_term_care_loss', 'head'),
      ...each('householder_change', 'head'),
    ],
    reasons: { 'householder_change head': HEAD_DIED_TWO_AGED_15_REMAIN },
  },
  {
    name: 'death in a single-person household (83, 後期高齢)',
    event: 'death',
    date: D,
    members: [p('me', '世帯主', 83, { ...ELDER, ...F })],
    deceased: 'me',
    expect: [...each('death_notification', 'me'), ...each('cremation_permit', 'me'), ...each('late_elderly_loss', 'me'), ...each('funeral_expenses', 'me'), ...each('long_term_care_loss', 'me')],
  },
  {
    name: 'death of the 世帯主 (70, 国保), only the wife remains: no 世帯主変更届',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 70, { healthInsurance: 'national', pension: 'recipient' }), p('wife', '妻', 68, { healthInsurance: 'national', pension: 'recipient', ...F })],
    deceased: 'head',
    expect: [
      ...each('death_notification', 'head'),
      ...each('cremation_permit', 'head'),
      ...each('national_health_insurance_loss_death', 'head'),
      ...each('funeral_expenses', 'head'),
      ...each('long_term_care_loss', 'head'),
    ],
  },
  {
    name: 'death of the 妻 (60, 国保, not certified)',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 62, EMP), p('wife', '妻', 60, { healthInsurance: 'national', pension: 'none', ...F }), p('son', '子', 30, EMP)],
    deceased: 'wife',
    expect: [...each('death_notification', 'wife'), ...each('cremation_permit', 'wife'), ...each('national_health_insurance_loss_death', 'wife'), ...each('funeral_expenses', 'wife')],
  },
  {
    name: 'death of a certified 世帯主 of 58 (国保), wife and child of 15 remain',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 58, { ...NAT, ...CARE }), p('wife', '妻', 55, { ...NAT, ...F }), p('kid', '子', 15, KID_NAT)],
    deceased: 'head',
    expect: [
      ...each('death_notification', 'head'),
      ...each('cremation_permit', 'head'),
      ...each('national_health_insurance_loss_death', 'head'),
      ...each('funeral_expenses', 'head'),
      ...each('long_term_care_loss', 'head'),
      ...each('householder_change', 'head'),
    ],
  },
  {
    name: 'death of an employee 世帯主 of 50, two remain',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 50, EMP), p('wife', '妻', 48, { ...DEP, ...F }), p('kid', '子', 20, EMP)],
    deceased: 'head',
    expect: [...each('death_notification', 'head'), ...each('cremation_permit', 'head'), ...each('householder_change', 'head')],
  },
  // ── 婚姻 ──
  {
    name: 'marriage: the 国保 loss is only added by hand',
    event: 'marriage',
    date: D,
    members: [p('husband', '世帯主', 30, EMP), p('wife', '妻', 28, { ...NAT, ...F })],
    expect: each('marriage_notification', 'husband', 'wife'),
  },
  // ───── catalog corrections (issue 12, item 4) ─────
  // ── 死亡: 死亡届 counts 7 days from the day the death became known, that day included; 火葬許可; 葬祭費 ──
  {
    name: 'death known five days after it happened: the 死亡届 counts 7 days from that day, the others from the death',
    event: 'death',
    date: '2026-11-20',
    deathKnown: '2026-11-25',
    members: [p('me', '世帯主', 70, { healthInsurance: 'national', pension: 'recipient' })],
    deceased: 'me',
    expect: [
      ...each('death_notification', 'me'),
      ...each('cremation_permit', 'me'),
      ...each('national_health_insurance_loss_death', 'me'),
      ...each('funeral_expenses', 'me'),
      ...each('long_term_care_loss', 'me'),
    ],
    deadlines: { 'death_notification me': '2026-12-01', 'cremation_permit me': null, 'national_health_insurance_loss_death me': '2026-12-04', 'funeral_expenses me': null },
  },
  {
    name: 'death known the same day: the 死亡届 is due on the 7th day counting the day of death',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 45, EMP), p('wife', '妻', 44, { ...DEP, ...F }), p('son', '子', 17, KID_EMP)],
    deceased: 'head',
    expect: [...each('death_notification', 'head'), ...each('cremation_permit', 'head'), ...each('householder_change', 'head')],
    deadlines: { 'death_notification head': '2026-12-03', 'householder_change head': '2026-12-11' },
  },
  {
    name: '葬祭費 for a 70-year-old in 後期高齢 through a disability certification',
    event: 'death',
    date: D,
    members: [p('me', '世帯主', 70, ELDER)],
    deceased: 'me',
    expect: [...each('death_notification', 'me'), ...each('cremation_permit', 'me'), ...each('late_elderly_loss', 'me'), ...each('funeral_expenses', 'me'), ...each('long_term_care_loss', 'me')],
    reasons: {
      'funeral_expenses me': [
        { code: 'deceased', params: {} },
        { code: 'insurance', params: { insurance: 'late_elderly' } },
        { code: 'not_insurance', params: { insurance: 'welfare' } },
      ],
    },
  },
  {
    name: 'death of a welfare recipient of 80: no 後期高齢 and no 葬祭費 from the insurance',
    event: 'death',
    date: D,
    members: [p('me', '世帯主', 80, { healthInsurance: 'welfare', pension: 'recipient' })],
    deceased: 'me',
    expect: [...each('death_notification', 'me'), ...each('cremation_permit', 'me'), ...each('long_term_care_loss', 'me')],
  },
  // ── 死亡: 世帯主変更届 only when two or more members aged 15 or older remain ──
  {
    name: '世帯主 dies, the wife and children of 10 and 8 remain: one adult, no 世帯主変更届',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 42, EMP), p('wife', '妻', 40, { ...DEP, ...F }), p('kid1', '子', 10, KID_EMP), p('kid2', '子', 8, KID_EMP)],
    deceased: 'head',
    expect: [...each('death_notification', 'head'), ...each('cremation_permit', 'head')],
  },
  {
    name: '世帯主 dies, the wife and a child who is 15 on the birthday eve remain → 世帯主変更届',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 45, EMP), p('wife', '妻', 43, { ...DEP, ...F }), p('kid', '子', '2011-11-28', { ...KID_EMP, age: 15 })],
    deceased: 'head',
    expect: [...each('death_notification', 'head'), ...each('cremation_permit', 'head'), ...each('householder_change', 'head')],
    reasons: { 'householder_change head': HEAD_DIED_TWO_AGED_15_REMAIN },
  },
  {
    name: '世帯主 dies, the wife and a child of 14 (15 tomorrow) remain: no 世帯主変更届',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 45, EMP), p('wife', '妻', 43, { ...DEP, ...F }), p('kid', '子', '2011-11-29', { ...KID_EMP, age: 14 })],
    deceased: 'head',
    expect: [...each('death_notification', 'head'), ...each('cremation_permit', 'head')],
  },
  {
    name: 'widowed 世帯主 dies, two adult children remain → 世帯主変更届',
    event: 'death',
    date: D,
    members: [p('head', '世帯主', 78, ELDER), p('son', '子', 50, EMP), p('daughter', '子', 47, { ...EMP, ...F })],
    deceased: 'head',
    expect: [
      ...each('death_notification', 'head'),
      ...each('cremation_permit', 'head'),
      ...each('late_elderly_loss', 'head'),
      ...each('funeral_expenses', 'head'),
      ...each('long_term_care_loss', 'head'),
      ...each('householder_change', 'head'),
    ],
  },
  // ── 転居: the residence card's and the My Number card's addresses ──
  {
    name: 'Japanese couple with My Number cards moving within the city: the card addresses within 14 days',
    event: 'moving_within',
    date: D,
    members: [p('head', '世帯主', 40, { ...EMP, ...MNC }), p('wife', '妻', 38, { ...DEP, ...F })],
    expect: [...each('moving_within_notification', 'head', 'wife'), ...each('my_number_card_address_within', 'head')],
    deadlines: { 'my_number_card_address_within head': '2026-12-11' },
  },
  {
    name: 'foreign resident with a residence card and a My Number card moving within the city',
    event: 'moving_within',
    date: D,
    members: [p('me', '世帯主', 31, { ...FOREIGN, ...EMP, ...MNC })],
    expect: [...each('moving_within_notification', 'me'), ...each('residence_card_address_within', 'me'), ...each('my_number_card_address_within', 'me')],
    reasons: {
      'residence_card_address_within me': [
        { code: 'foreign_resident', params: {} },
        { code: 'residence_card', params: {} },
      ],
    },
  },
  {
    name: 'foreign resident whose card is still to be issued moving within the city: no card address yet',
    event: 'moving_within',
    date: D,
    members: [p('me', '世帯主', 26, { kind: 'foreign', hasResidenceCard: false, ...NAT })],
    expect: each('moving_within_notification', 'me'),
  },
  // ── 転出: 後期高齢 and the 負担区分証明書, the child-medical certificate, the school, 印鑑登録 ──
  {
    name: 'an 80-year-old on 後期高齢 moving out',
    event: 'moving_out',
    date: D,
    members: [p('me', '世帯主', 80, { ...ELDER, ...F })],
    expect: [...each('moving_out_notification', 'me'), ...each('late_elderly_moving_out', 'me'), ...each('seal_registration_end', 'me'), ...each('long_term_care_return', 'me')],
    deadlines: { 'late_elderly_moving_out me': '2026-12-11', 'seal_registration_end me': null },
  },
  {
    name: 'a 70-year-old in 後期高齢 through a disability certification moving out; a welfare recipient of 78 is not',
    event: 'moving_out',
    date: D,
    members: [p('me', '世帯主', 70, ELDER), p('brother', '兄', 78, { healthInsurance: 'welfare', pension: 'recipient' })],
    expect: [...each('moving_out_notification', 'me', 'brother'), ...each('late_elderly_moving_out', 'me'), ...each('seal_registration_end', 'me', 'brother'), ...each('long_term_care_return', 'me', 'brother')],
  },
  {
    name: 'moving out with children of 15 (past 15 in March) and 11: the certificates the towns issued go back',
    event: 'moving_out',
    date: '2026-05-01',
    members: [p('mother', '世帯主', 42, { ...EMP, ...F }), p('older', '子', '2011-01-10', { ...KID_EMP, age: 15 }), p('younger', '子', 11, KID_EMP)],
    expect: [
      ...each('moving_out_notification', 'mother', 'older', 'younger'),
      ...each('child_medical_return', 'younger'),
      ...each('school_transfer_out', 'younger'),
      ...each('seal_registration_end', 'mother', 'older'),
      ...each('child_allowance_end', 'mother'),
    ],
    // 美濃加茂市 covers to 15's year end (31 March 2026 for the older one), 坂祝町 to 18's.
    sakahogiAlso: each('child_medical_return', 'older'),
  },
  {
    name: 'moving out: 印鑑登録 from 15 (birthday eve), not at 14',
    event: 'moving_out',
    date: D,
    members: [p('fifteen', '世帯主', '2011-11-28', { ...EMP, age: 15 }), p('fourteen', '同居人', '2011-11-29', { ...EMP, age: 14 })],
    expect: [
      ...each('moving_out_notification', 'fifteen', 'fourteen'),
      ...each('child_medical_return', 'fifteen', 'fourteen'),
      ...each('school_transfer_out', 'fifteen', 'fourteen'),
      ...each('seal_registration_end', 'fifteen'),
    ],
  },
  {
    name: 'welfare family with a child of 8 moving out: no child-medical certificate to return',
    event: 'moving_out',
    date: D,
    members: [p('mother', '世帯主', 35, { ...WELFARE, ...F }), p('kid', '子', 8, { healthInsurance: 'welfare', pension: 'none' })],
    expect: [...each('moving_out_notification', 'mother', 'kid'), ...each('school_transfer_out', 'kid'), ...each('seal_registration_end', 'mother'), ...each('child_allowance_end', 'mother')],
  },
  // ── 国民年金: not judged for a domestic move without a category change ──
  {
    name: 'a 第1号 (already in the National Pension) moving in from another town: no 国民年金',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', 35, NAT)],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me')],
  },
  {
    name: 'someone of 35 in no pension yet moving in: joins the National Pension',
    event: 'moving_in',
    date: D,
    members: [p('me', '世帯主', 35, { healthInsurance: 'none', pension: 'none' })],
    expect: [...each('moving_in_notification', 'me'), ...each('national_health_insurance_join', 'me'), ...each('national_pension', 'me')],
    reasons: {
      'national_pension me': [
        { code: 'age_between', params: { age: 35, min: 20, max: 59 } },
        { code: 'pension', params: { pension: 'none' } },
      ],
    },
  },
  // ── 児童手当: 15 days from the 転出予定日, the main earner claims, step-children and grandparents ──
  {
    name: '児童手当 after a move in: 15 days from the day after the 転出予定日 on the 転出証明書',
    event: 'moving_in',
    date: D,
    plannedMoveOut: '2026-11-20',
    members: [p('father', '世帯主', 38, EMP), p('kid', '子', 4, KID_EMP)],
    expect: [...each('moving_in_notification', 'father', 'kid'), ...each('child_allowance', 'father'), ...each('child_medical_subsidy', 'kid')],
    deadlines: { 'child_allowance father': '2026-12-05', 'moving_in_notification father': '2026-12-11', 'child_medical_subsidy kid': '2026-12-27' },
  },
  {
    name: '児童手当 after a move in without a 転出予定日 (特例転入 not yet known): 15 days from the move',
    event: 'moving_in',
    date: D,
    members: [p('father', '世帯主', 38, EMP), p('kid', '子', 4, KID_EMP)],
    expect: [...each('moving_in_notification', 'father', 'kid'), ...each('child_allowance', 'father'), ...each('child_medical_subsidy', 'kid')],
    deadlines: { 'child_allowance father': '2026-12-12' },
  },
  {
    name: '児童手当: the 世帯主 is the dependent spouse (第3号) of the employed wife, so she claims',
    event: 'moving_in',
    date: D,
    members: [p('head', '世帯主', 39, DEP), p('wife', '妻', 37, { ...EMP, ...F }), p('kid', '子', 6, KID_EMP)],
    expect: [...each('moving_in_notification', 'head', 'wife', 'kid'), ...each('child_allowance', 'wife'), ...each('child_medical_subsidy', 'kid')],
  },
  {
    name: '児童手当 for a step-child (妻の子): the 世帯主 raising her claims',
    event: 'moving_in',
    date: D,
    members: [p('head', '世帯主', 41, EMP), p('wife', '妻', 36, { ...DEP, ...F }), p('stepdaughter', '妻の子', 10, { ...KID_EMP, ...F })],
    expect: [
      ...each('moving_in_notification', 'head', 'wife', 'stepdaughter'),
      ...each('child_allowance', 'head'),
      ...each('child_medical_subsidy', 'stepdaughter'),
      ...each('school_transfer', 'stepdaughter'),
    ],
    reasons: { 'child_allowance head': [{ code: 'household_child', params: { childAge: 10, limit: 18, children: 1 } }] },
  },
  {
    name: '児童手当 for a step-child (夫の子) of a dependent husband: the wife who heads the household claims',
    event: 'birth',
    date: D,
    members: [p('head', '世帯主', 35, { ...EMP, ...F }), p('husband', '夫', 37, DEP), p('stepson', '夫の子', 9, KID_EMP), p('baby', '子', D, { healthInsurance: 'none', pension: 'none' })],
    newborn: 'baby',
    expect: [...each('birth_notification', 'baby'), ...each('child_allowance_birth', 'head'), ...each('child_medical_subsidy_birth', 'baby')],
    reasons: { 'child_allowance_birth head': [{ code: 'household_child', params: { childAge: 0, limit: 18, children: 2 } }] },
  },
  {
    name: '児童手当 for grandparents raising a grandchild whose parents do not live with them',
    event: 'moving_in',
    date: D,
    members: [p('grandpa', '世帯主', 64, { healthInsurance: 'national', pension: 'national' }), p('grandma', '妻', 62, { healthInsurance: 'national', pension: 'none', ...F }), p('grandchild', '孫', 9, KID_NAT)],
    expect: [
      ...each('moving_in_notification', 'grandpa', 'grandma', 'grandchild'),
      ...each('national_health_insurance_join', 'grandpa', 'grandma', 'grandchild'),
      ...each('child_allowance', 'grandpa'),
      ...each('child_medical_subsidy', 'grandchild'),
      ...each('school_transfer', 'grandchild'),
    ],
    reasons: { 'child_allowance grandpa': [{ code: 'household_child', params: { childAge: 9, limit: 18, children: 1 } }] },
  },
  {
    name: 'grandparent heading the household of a 世帯主\'s grandchild whose mother (子) lives there: the mother claims, not the grandparent',
    event: 'moving_out',
    date: D,
    members: [p('grandma', '世帯主', 66, { healthInsurance: 'national', pension: 'recipient', ...F }), p('mother', '子', 33, { ...EMP, ...F }), p('grandchild', '孫', 5, KID_EMP)],
    expect: [
      ...each('moving_out_notification', 'grandma', 'mother', 'grandchild'),
      ...each('national_health_insurance_loss', 'grandma'),
      ...each('child_medical_return', 'grandchild'),
      ...each('seal_registration_end', 'grandma', 'mother'),
      ...each('child_allowance_end', 'mother'),
      ...each('long_term_care_return', 'grandma'),
    ],
  },
  // ── 出生: a foreign newborn, a 特別永住者's child, the nationality following both parents ──
  {
    name: 'baby of two Vietnamese residents (中長期在留者): 在留資格取得 at immigration within 30 days',
    event: 'birth',
    date: D,
    members: [
      p('father', '世帯主', 30, { ...FOREIGN, ...EMP, residenceCategory: 'mid_long_term' }),
      p('mother', '妻', 28, { ...FOREIGN, ...DEP, ...F, residenceCategory: 'mid_long_term' }),
      p('baby', '子', D, { healthInsurance: 'none', pension: 'none' }),
    ],
    newborn: 'baby',
    expect: [...each('birth_notification', 'baby'), ...each('residence_status_acquisition', 'baby'), ...each('child_allowance_birth', 'father'), ...each('child_medical_subsidy_birth', 'baby')],
    deadlines: { 'residence_status_acquisition baby': '2026-12-27', 'birth_notification baby': '2026-12-10' },
    reasons: {
      'residence_status_acquisition baby': [
        { code: 'newborn', params: {} },
        { code: 'foreign_resident', params: {} },
        { code: 'not_parent_residence_category', params: { category: 'special_permanent' } },
      ],
    },
  },
  {
    name: 'baby of a 特別永住者 father and a 中長期在留者 mother: 特別永住許可 at the town within 60 days, no 在留資格取得',
    event: 'birth',
    date: D,
    members: [
      p('father', '世帯主', 33, { ...FOREIGN, ...NAT, residenceCategory: 'special_permanent' }),
      p('mother', '妻', 30, { ...FOREIGN, ...NAT, ...F, residenceCategory: 'mid_long_term' }),
      p('baby', '子', D, { healthInsurance: 'none', pension: 'none' }),
    ],
    newborn: 'baby',
    expect: [
      ...each('birth_notification', 'baby'),
      ...each('special_permanent_permission', 'baby'),
      ...each('child_allowance_birth', 'father'),
      ...each('child_medical_subsidy_birth', 'baby'),
      ...each('national_health_insurance_join_birth', 'baby'),
    ],
    deadlines: { 'special_permanent_permission baby': '2027-01-26' },
    reasons: {
      'special_permanent_permission baby': [
        { code: 'newborn', params: {} },
        { code: 'foreign_resident', params: {} },
        { code: 'parent_residence_category', params: { category: 'special_permanent', relation: '世帯主' } },
      ],
    },
  },
  {
    name: 'baby of a Japanese father and a Filipina mother is Japanese: no 在留資格取得',
    event: 'birth',
    date: D,
    members: [
      p('father', '世帯主', 36, EMP),
      p('mother', '妻', 31, { ...FOREIGN, ...DEP, ...F, residenceCategory: 'mid_long_term' }),
      // Entered as foreign by mistake: the nationality follows the parents (eventOf derives it, as the host does).
      p('baby', '子', D, { kind: 'foreign', healthInsurance: 'none', pension: 'none' }),
    ],
    newborn: 'baby',
    expect: [...each('birth_notification', 'baby'), ...each('child_allowance_birth', 'father'), ...each('child_medical_subsidy_birth', 'baby')],
  },
  {
    name: 'baby of a Brazilian single mother heading the household: foreign, 在留資格取得',
    event: 'birth',
    date: D,
    members: [p('mother', '世帯主', 27, { ...FOREIGN, ...NAT, ...F, residenceCategory: 'mid_long_term' }), p('baby', '子', D, { healthInsurance: 'none', pension: 'none' })],
    newborn: 'baby',
    expect: [
      ...each('birth_notification', 'baby'),
      ...each('residence_status_acquisition', 'baby'),
      ...each('child_allowance_birth', 'mother'),
      ...each('child_medical_subsidy_birth', 'baby'),
      ...each('national_health_insurance_join_birth', 'baby'),
    ],
  },
  {
    name: 'baby of a 特別永住者 mother and a Japanese father is Japanese: no 特別永住許可',
    event: 'birth',
    date: D,
    members: [
      p('father', '世帯主', 34, EMP),
      p('mother', '妻', 32, { ...FOREIGN, ...DEP, ...F, residenceCategory: 'special_permanent' }),
      p('baby', '子', D, { healthInsurance: 'none', pension: 'none' }),
    ],
    newborn: 'baby',
    expect: [...each('birth_notification', 'baby'), ...each('child_allowance_birth', 'father'), ...each('child_medical_subsidy_birth', 'baby')],
  },
];

// ───────────────────────────────────────── running the table ────────────────────────────────────────────

const MINOKAMO = DEMO_CATALOGS['212113']!;
const SAKAHOGI = DEMO_CATALOGS['215015']!;

function eventOf(c: Case): EventInput {
  const members = c.members.map((person) => member(person, c.date));
  // The newborn's nationality follows the parents, as the host derives it (electron/core/host/judge.ts).
  const event: EventInput = { lifeEvent: c.event, eventDate: c.date, members: members.map((m) => (m.residentId === c.newborn ? { ...m, kind: newbornNationality(m, members) } : m)) };
  if (c.newborn) event.newbornResidentId = c.newborn;
  if (c.deceased) event.deceasedResidentId = c.deceased;
  if (c.deathKnown) event.deathKnownDate = c.deathKnown;
  if (c.plannedMoveOut) event.plannedMoveOutDate = c.plannedMoveOut;
  return event;
}

const pairs = (judgements: Judgement[]): string[] => judgements.map((j) => `${j.procedureId} ${j.residentId ?? '(household)'}`).sort();

describe('judgeProcedures: household table', () => {
  it(`has at least 40 cases (${CASES.length})`, () => {
    assert.ok(CASES.length >= 40);
    assert.equal(new Set(CASES.map((c) => c.name)).size, CASES.length, 'case names are unique');
  });

  for (const c of CASES) {
    it(c.name, () => {
      const event = eventOf(c);
      for (const person of c.members) {
        if (person.age !== undefined) assert.equal(legalAge(member(person, c.date).birthDate, c.date), person.age, `${person.label}'s age`);
      }
      const towns = [
        { town: '美濃加茂市', judgements: judgeProcedures(MINOKAMO, event), expect: c.expect },
        { town: '坂祝町', judgements: judgeProcedures(SAKAHOGI, event), expect: [...c.expect, ...(c.sakahogiAlso ?? [])] },
      ];
      for (const { town, judgements, expect } of towns) {
        assert.deepEqual(pairs(judgements), [...expect].sort(), town);
        for (const judgement of judgements) {
          assert.ok(judgement.reasons.length > 0, `${judgement.procedureId} has reasons`);
          for (const reason of judgement.reasons) assert.ok(REASON_CODES.includes(reason.code), reason.code);
        }
        for (const [key, deadline] of Object.entries(c.deadlines ?? {})) {
          const judgement = judgements.find((j) => `${j.procedureId} ${j.residentId}` === key);
          assert.ok(judgement, `${town}: no judgement ${key}`);
          assert.equal(judgement.deadline, deadline, `${town}: deadline of ${key}`);
        }
      }
      for (const [key, reasons] of Object.entries(c.reasons ?? {})) {
        const judged = towns.flatMap(({ judgements }) => judgements.filter((j) => `${j.procedureId} ${j.residentId}` === key));
        assert.ok(judged.length > 0, `no judgement ${key}`);
        for (const judgement of judged) assert.deepEqual(judgement.reasons, reasons, key);
      }
    });
  }
});

// ───────────────────────────────────────── engine behaviour ─────────────────────────────────────────────

const someone = (overrides: Partial<Member> = {}): Member => ({
  residentId: 'x',
  relation: '世帯主',
  birthDate: '1990-06-01',
  sex: 1,
  kind: 'japanese',
  healthInsurance: 'national',
  pension: 'national',
  careCertified: false,
  hasMyNumberCard: false,
  hasResidenceCard: false,
  ...overrides,
});

const entry = (procedureId: string, condition: unknown, extra: Partial<CatalogEntry> = {}): CatalogEntry => ({
  procedureId,
  lifeEvent: 'moving_in',
  department: '市民課',
  condition,
  deadlineDays: 14,
  feeYen: 0,
  ...extra,
});

describe('judgeProcedures: rules', () => {
  it('computes deadlines, counting the event day only when told (出生届: 14 days including the birth day)', () => {
    const c = CASES.find((x) => x.name === 'birth into a national-insurance family')!;
    const judgements = judgeProcedures(MINOKAMO, eventOf(c));
    const deadline = (id: string) => judgements.find((j) => j.procedureId === id)?.deadline;
    assert.equal(deadline('birth_notification'), '2026-12-10');
    assert.equal(deadline('child_allowance_birth'), '2026-12-12');
    assert.equal(deadline('child_medical_subsidy_birth'), '2026-12-27');
    const acceptance = judgeProcedures(MINOKAMO, eventOf(CASES[0]!));
    assert.equal(acceptance.find((j) => j.procedureId === 'moving_in_notification')?.deadline, '2026-12-11');
    assert.equal(acceptance.find((j) => j.procedureId === 'school_transfer')?.deadline, null);
  });

  it('keeps catalog order, then member order, and copies the department', () => {
    const judgements = judgeProcedures(MINOKAMO, eventOf(CASES[0]!));
    assert.deepEqual(
      judgements.slice(0, 6).map((j) => `${j.procedureId} ${j.residentId}`),
      ['moving_in_notification father', 'moving_in_notification mother', 'moving_in_notification son', 'residence_card_address father', 'residence_card_address mother', 'residence_card_address son'],
    );
    assert.equal(judgements.find((j) => j.procedureId === 'child_allowance')?.department, '福祉課');
    assert.equal(judgeProcedures(SAKAHOGI, eventOf(CASES[0]!)).find((j) => j.procedureId === 'national_health_insurance_join')?.department, '町民課');
  });

  it('ignores entries of other life events and entries not in force (both ends inclusive)', () => {
    const catalog = [
      entry('current', { always: true }, { effectiveFrom: '2026-04-01', effectiveTo: null }),
      entry('starts_today', { always: true }, { effectiveFrom: '2026-11-27' }),
      entry('ends_today', { always: true }, { effectiveFrom: '2020-04-01', effectiveTo: '2026-11-27' }),
      entry('future', { always: true }, { effectiveFrom: '2026-11-28' }),
      entry('expired', { always: true }, { effectiveTo: '2026-11-26' }),
      entry('other_event', { always: true }, { lifeEvent: 'moving_out' }),
      entry('certificate', { requested: true }, { lifeEvent: 'certificate' }),
    ];
    const judgements = judgeProcedures(catalog, { lifeEvent: 'moving_in', eventDate: D, members: [someone()] });
    assert.deepEqual(judgements.map((j) => j.procedureId), ['current', 'starts_today', 'ends_today']);
  });

  it('throws a CatalogConditionError naming the procedure for an invalid condition it has to judge', () => {
    const event: EventInput = { lifeEvent: 'moving_in', eventDate: D, members: [someone()] };
    assert.throws(
      () => judgeProcedures([entry('ok', { always: true }), entry('typo', { ageAtleast: 65 })], event),
      (error: unknown) => error instanceof CatalogConditionError && error.procedureId === 'typo' && /typo/.test(error.message),
    );
    // Entries the event does not use are not judged, so not parsed either (validateCatalog checks them all).
    assert.doesNotThrow(() => judgeProcedures([entry('typo', { ageAtleast: 65 }, { lifeEvent: 'death' })], event));
    assert.deepEqual(
      validateCatalog([entry('a', { always: true }), entry('b', { kind: 'alien' }), entry('c', {})]).map((e) => e.procedureId),
      ['b', 'c'],
    );
  });

  it('rejects events it cannot judge', () => {
    const event = (overrides: Partial<EventInput>): EventInput => ({ lifeEvent: 'birth', eventDate: D, members: [someone()], ...overrides });
    assert.throws(() => judgeProcedures(MINOKAMO, event({ newbornResidentId: 'nobody' })), EventInputError);
    assert.throws(() => judgeProcedures(MINOKAMO, event({ eventDate: '2026-02-30' })), EventInputError);
    assert.throws(() => judgeProcedures(MINOKAMO, event({ members: [someone({ birthDate: '2026-11-28' })] })), EventInputError);
    assert.throws(() => judgeProcedures(MINOKAMO, event({ members: [someone(), someone()] })), EventInputError);
    // A death cannot become known before it happened; dates must be dates.
    const death = { lifeEvent: 'death' as const, eventDate: D, members: [someone()], deceasedResidentId: 'x' };
    assert.throws(() => judgeProcedures(MINOKAMO, { ...death, deathKnownDate: '2026-11-26' }), EventInputError);
    assert.throws(() => judgeProcedures(MINOKAMO, { ...death, deathKnownDate: '2026-11-31' }), EventInputError);
    assert.throws(() => judgeProcedures(MINOKAMO, { ...event({}), lifeEvent: 'moving_in', plannedMoveOutDate: '20261120' }), EventInputError);
  });

  it('derives a newborn\'s nationality from both parents living in the household', () => {
    const baby = someone({ residentId: 'baby', relation: '子', birthDate: D, kind: 'foreign' });
    const japanese = (residentId: string, relation: string) => someone({ residentId, relation });
    const foreign = (residentId: string, relation: string) => someone({ residentId, relation, kind: 'foreign' });
    assert.equal(newbornNationality(baby, [foreign('f', '世帯主'), foreign('m', '妻'), baby]), 'foreign');
    assert.equal(newbornNationality(baby, [japanese('f', '世帯主'), foreign('m', '妻'), baby]), 'japanese');
    assert.equal(newbornNationality(baby, [foreign('f', '世帯主'), japanese('m', '妻'), baby]), 'japanese');
    // A Japanese grandparent is not a parent: a 孫 of foreign parents is foreign.
    const grandchild = { ...baby, relation: '孫' };
    assert.equal(newbornNationality(grandchild, [japanese('g', '世帯主'), foreign('f', '子'), foreign('m', '子の妻'), grandchild]), 'foreign');
    // No parent in the household: what staff entered stands.
    assert.equal(newbornNationality(grandchild, [japanese('g', '世帯主'), grandchild]), 'foreign');
  });

  it('never judges a requested procedure automatically', () => {
    const judgements = judgeProcedures(
      [entry('by_hand', { requested: true }), entry('by_hand_too', { not: { requested: true } }), entry('by_hand_for_some', { requested: true, insurance: 'national' })],
      { lifeEvent: 'moving_in', eventDate: D, members: [someone()] },
    );
    assert.deepEqual(judgements, []);
  });

  it('gives a household-level procedure to the first matching parent when there is no matching 世帯主', () => {
    const judgements = judgeProcedures([entry('allowance', { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'parent' })], {
      lifeEvent: 'moving_in',
      eventDate: D,
      members: [someone({ residentId: 'lodger', relation: '同居人' }), someone({ residentId: 'mother', relation: '子' }), someone({ residentId: 'kid', relation: '孫', birthDate: '2020-01-01' })],
    });
    assert.deepEqual(judgements.map((j) => j.residentId), ['mother']);
  });
});

// ───────────────────────────────────────── conditions ───────────────────────────────────────────────────

describe('ConditionSchema', () => {
  it('accepts every condition of both demo catalogs', () => {
    for (const catalog of [MINOKAMO, SAKAHOGI]) assert.deepEqual(validateCatalog(catalog), []);
  });

  it('rejects unknown keys, at the top and nested', () => {
    assert.equal(ConditionSchema.safeParse({ ageAbove: 65 }).success, false);
    assert.equal(ConditionSchema.safeParse({ always: true, note: 'x' }).success, false);
    assert.equal(ConditionSchema.safeParse({ all: [{ ageAtLeast: 65 }, { any: [{ carecertified: true }] }] }).success, false);
    assert.equal(ConditionSchema.safeParse({ not: { insurence: 'employee' } }).success, false);
  });

  it('rejects malformed values', () => {
    for (const bad of [
      {},
      { always: false },
      { kind: 'alien' },
      { ageAtLeast: -1 },
      { ageAtLeast: 6.5 },
      { ageBetween: [64, 40] },
      { ageBetween: [40] },
      { insurance: 'private' },
      { insurance: [] },
      { schoolAge: ['kindergarten'] },
      { householdHasChildUntilFiscalYearEndOfAge: 18 },
      { role: 'parent' },
      { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'grandparent' },
      { all: [] },
      { not: {} },
      { remainingMembersAgedAtLeast: 2 },
      { remainingMembersAgedAtLeast: { count: 0, age: 15 } },
      { remainingMembersAgedAtLeast: { count: 2 } },
      { parentResidenceCategory: 'tourist' },
      null,
      'always',
      [{ always: true }],
    ]) {
      assert.equal(ConditionSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it('accepts the documented vocabulary', () => {
    for (const good of [
      { always: true },
      { kind: 'japanese', hasMyNumberCard: true },
      { ageBetween: [40, 64], careCertified: true },
      { insurance: ['national', 'none'], pension: 'dependent_spouse' },
      { schoolAge: ['elementary', 'junior_high'] },
      { householdHasChildUntilFiscalYearEndOfAge: 18, role: 'parent' },
      { newborn: true, parentInsurance: 'national' },
      { deceased: true, relation: ['世帯主'], remainingMembersAtLeast: 2 },
      { deceased: true, remainingMembersAgedAtLeast: { count: 2, age: 15 } },
      { newborn: true, parentResidenceCategory: ['special_permanent', 'mid_long_term'] },
      { any: [{ ageAtLeast: 65 }, { not: { all: [{ ageBelow: 40 }] } }] },
      { requested: true },
    ]) {
      assert.equal(ConditionSchema.safeParse(good).success, true, JSON.stringify(good));
    }
  });
});

describe('evaluate: reasons', () => {
  const context = { eventDate: D, members: [someone()] };
  const run = (condition: unknown, m: Member = someone()) => evaluate(ConditionSchema.parse(condition), m, { ...context, members: [m] });

  it('unions the reasons of all, and gives the first matching part of any', () => {
    assert.deepEqual(run({ all: [{ ageAtLeast: 30 }, { insurance: 'national' }, { ageAtLeast: 30 }] }).reasons, [
      { code: 'age_at_least', params: { age: 36, min: 30 } },
      { code: 'insurance', params: { insurance: 'national' } },
    ]);
    assert.deepEqual(run({ any: [{ ageAtLeast: 65 }, { pension: ['national', 'employee'] }, { always: true }] }).reasons, [{ code: 'pension', params: { pension: 'national' } }]);
    assert.deepEqual(run({ any: [{ ageAtLeast: 65 }, { careCertified: true }] }), { matched: false, reasons: [] });
  });

  it('negates leaves, all, any and not', () => {
    assert.deepEqual(run({ not: { insurance: 'employee' } }).reasons, [{ code: 'not_insurance', params: { insurance: 'employee' } }]);
    assert.deepEqual(run({ not: { ageAtLeast: 65 } }).reasons, [{ code: 'not_age_at_least', params: { age: 36, min: 65 } }]);
    // not(all) → the first failing part; not(any) → every part.
    assert.deepEqual(run({ not: { all: [{ ageBelow: 40 }, { careCertified: true }, { kind: 'foreign' }] } }).reasons, [{ code: 'not_care_certified', params: {} }]);
    assert.deepEqual(run({ not: { any: [{ kind: 'foreign' }, { hasMyNumberCard: true }] } }).reasons, [
      { code: 'not_foreign_resident', params: {} },
      { code: 'not_my_number_card', params: {} },
    ]);
    assert.deepEqual(run({ not: { not: { kind: 'japanese' } } }).reasons, [{ code: 'japanese_resident', params: {} }]);
    assert.deepEqual(run({ not: { kind: 'japanese' } }), { matched: false, reasons: [] });
  });

  it('lists every reason code the engine produced in the table', () => {
    const produced = new Set<string>();
    for (const c of CASES) for (const j of judgeProcedures(MINOKAMO, eventOf(c))) for (const reason of j.reasons) produced.add(reason.code);
    for (const code of produced) assert.ok(REASON_CODES.includes(code as (typeof REASON_CODES)[number]), code);
    assert.equal(new Set(REASON_CODES).size, REASON_CODES.length);
  });
});

// ───────────────────────────────────────── realistic households (smoke) ──────────────────────────────────

describe('judgeProcedures on the generator\'s coverage households', () => {
  it('judges every household for every life event, with reasons', () => {
    for (const tenantId of ['212113', '215015']) {
      for (const { household, residents } of coverageHouseholds(tenantId)) {
        const members: Member[] = residents.map((r) => ({
          residentId: r.resident_id,
          relation: r.relation,
          birthDate: r.birth_date,
          sex: r.sex,
          kind: r.kind,
          healthInsurance: r.health_insurance,
          pension: r.pension,
          careCertified: r.care_certified,
          hasMyNumberCard: r.has_my_number_card,
          hasResidenceCard: r.residence_card_number !== null,
        }));
        const youngest = [...members].sort((a, b) => b.birthDate.localeCompare(a.birthDate))[0]!;
        // Every event, each sub-kind of those that have them (the first sub-kind's procedures are judged too).
        const runs = LIFE_EVENTS.flatMap((e): [LifeEvent, EventKind | undefined][] => (eventKindsOf(e).length > 0 ? eventKindsOf(e).map((k): [LifeEvent, EventKind] => [e, k]) : [[e, undefined]]));
        for (const [lifeEvent, eventKind] of runs) {
          const event: EventInput = { lifeEvent, eventDate: DEFAULT_REFERENCE_DATE, members, ...(eventKind ? { eventKind } : {}) };
          if (lifeEvent === 'birth') event.newbornResidentId = youngest.residentId;
          if (lifeEvent === 'death') event.deceasedResidentId = members[0]!.residentId;
          const judgements = judgeProcedures(DEMO_CATALOGS[tenantId]!, event);
          // 在留 concerns foreign residents only, 社会保険 only those whose insurance it changes.
          const mayBeEmpty = lifeEvent === 'residence_status_change' || lifeEvent === 'social_insurance_change';
          assert.ok(mayBeEmpty || judgements.length >= 1, `${household.household_number} ${lifeEvent}`);
          for (const j of judgements) assert.ok(j.reasons.length > 0 && members.some((m) => m.residentId === j.residentId));
        }
      }
    }
  });
});

// ───────────────────────────────────────── the demo catalogs ────────────────────────────────────────────

describe('demo catalogs', () => {
  it('have unique procedure ids per tenant (the table key)', () => {
    for (const catalog of [MINOKAMO, SAKAHOGI]) assert.equal(new Set(catalog.map((e) => e.procedureId)).size, catalog.length);
  });

  it('give every entry Japanese and English texts', () => {
    for (const e of MINOKAMO) {
      for (const lang of ['ja', 'en']) {
        const text = e.texts[lang];
        assert.ok(text && text.title && text.explanation && text.bring, `${e.procedureId} ${lang}`);
      }
    }
  });

  it('say マイナ保険証, 資格確認書 or 資格情報のお知らせ: no 健康保険証 (none issued since 2024-12-02)', () => {
    const ja = JA_CATALOG.procedures as Record<string, { title: string; explanation: string; bring: string }>;
    for (const e of MINOKAMO) {
      const text = ja[e.procedureId]!;
      for (const field of ['title', 'explanation', 'bring'] as const) {
        // Every 保険証 is a マイナ保険証 (介護保険 says 被保険者証).
        assert.doesNotMatch(text[field].replace(/マイナ保険証/g, ''), /保険証/, `${e.procedureId}.${field}`);
      }
    }
    assert.match(ja.national_health_insurance_join!.explanation, /資格確認書/);
    assert.match(ja.national_health_insurance_join!.explanation, /資格情報のお知らせ/);
    for (const id of ['national_health_insurance_loss', 'national_health_insurance_loss_death', 'late_elderly_loss', 'late_elderly_moving_out']) {
      assert.match(ja[id]!.bring, /資格確認書（お持ち/, `${id}: a 資格確認書 goes back only if there is one`);
    }
  });

  it('ask for no 戸籍謄本 with a 戸籍 notification (since 2024-03-01 the counter checks the 戸籍 itself)', () => {
    const ja = JA_CATALOG.procedures as Record<string, { bring: string }>;
    for (const e of MINOKAMO) assert.doesNotMatch(ja[e.procedureId]!.bring.replace(/戸籍謄本は原則いりません/, ''), /戸籍謄本/, e.procedureId);
  });

  it('take their ja and en texts from the locale files (one source)', () => {
    for (const e of [...MINOKAMO, ...SAKAHOGI]) {
      assert.deepEqual(e.texts.ja, (JA_CATALOG.procedures as Record<string, unknown>)[e.procedureId], e.procedureId);
      assert.deepEqual(e.texts.en, (EN_CATALOG.procedures as Record<string, unknown>)[e.procedureId], e.procedureId);
    }
  });

  it('differ where the towns differ: departments and the 子ども医療 age limit', () => {
    const limit = (catalog: typeof MINOKAMO) => (catalog.find((e) => e.procedureId === 'child_medical_subsidy')?.condition as { childUntilFiscalYearEndOfAge?: number }).childUntilFiscalYearEndOfAge;
    assert.deepEqual([limit(MINOKAMO), limit(SAKAHOGI)], [15, 18]);
    const department = (catalog: typeof MINOKAMO, id: string) => catalog.find((e) => e.procedureId === id)?.department;
    assert.deepEqual([department(MINOKAMO, 'national_pension'), department(SAKAHOGI, 'national_pension')], ['保険年金課', '町民課']);
  });

  it('count the birth day in the 出生届 deadline', () => {
    assert.equal(MINOKAMO.find((e) => e.procedureId === 'birth_notification')?.deadlineCountsEventDay, true);
  });
});
