/**
 * The condition vocabulary of the procedure catalog (手続きカタログ), its schema and its evaluation.
 *
 * A condition is JSON stored with each catalog entry. It is evaluated for one member of the household; an
 * object with several keys means all of them. Unknown keys are rejected, so a typo fails at import.
 *
 * | Key | Matches the member when … | Reason code (params) |
 * |---|---|---|
 * | `always: true` | always | everyone |
 * | `kind: 'foreign' \| 'japanese'` | 住民区分 | foreign_resident / japanese_resident |
 * | `hasResidenceCard: true` | holds a 在留カード or 特別永住者証明書 (see Member) | residence_card |
 * | `hasMyNumberCard: true` | holds a My Number card | my_number_card |
 * | `careCertified: true` | has a 要介護・要支援認定 | care_certified |
 * | `ageAtLeast: n` | legal age ≥ n | age_at_least {age, min} |
 * | `ageBelow: n` | legal age < n | age_below {age, max} (max = n, exclusive) |
 * | `ageBetween: [min, max]` | min ≤ legal age ≤ max | age_between {age, min, max} |
 * | `insurance: v \| [v…]` | health insurance is (one of) v | insurance {insurance} (the member's) |
 * | `pension: v \| [v…]` | pension is (one of) v | pension {pension} (the member's) |
 * | `schoolAge: [stage…]` | school stage (dates.ts schoolStage) is one of them | school_age {age, stage, grade} |
 * | `childUntilFiscalYearEndOfAge: n` | on or before the first 31 March after attaining n | child_until_fiscal_year_end {age, limit, until} |
 * | `householdHasChildUntilFiscalYearEndOfAge: n, role: 'parent'` | raises a living household member who is such a child: is their parent or step-parent, or their grandparent when no parent of theirs lives in the household (児童手当 goes to whoever raises the child). **Household-level**: the engine makes one judgement per household (see engine.ts) | household_child {childAge, limit, children} (youngest child's age, number of such children) |
 * | `relation: r \| [r…]` (added) | 続柄 is (one of) r | relation {relation} |
 * | `parentInsurance: v \| [v…]` (added) | a living parent of the member has (one of) these health insurances | parent_insurance {insurance, relation} (of that parent) |
 * | `remainingMembersAtLeast: n` (added) | at least n members remain besides the deceased of a 死亡 event (all members for other events) | remaining_members {count, min} |
 * | `remainingMembersAgedAtLeast: {count, age}` (added) | at least `count` of those remaining members are of legal age `age` or older (世帯主変更届: two or more aged 15+) | remaining_members_aged {count, min, age} |
 * | `parentResidenceCategory: v \| [v…]` (added) | a living parent of the member is a foreign resident of (one of) these 在留の区分 (a 特別永住者's newborn) | parent_residence_category {category, relation} |
 * | `nationality: 'BR' \| [c…]` (added) | nationality (ISO 3166-1 alpha-2) is (one of) c; never for a Japanese national | nationality {nationality} |
 * | `residenceCategory: v \| [v…]` (added) | the member's own 在留の区分 is (one of) v (types.ts RESIDENCE_CATEGORIES) | residence_category {category} |
 * | `residenceStatus: s \| [s…]` (added) | the member's 在留資格 is (one of) these codes (residence-status.ts RESIDENCE_STATUSES) | residence_status {status} |
 * | `stayExpiresWithinDays: n` (added) | the 在留期間 expires on or before n days after the event date (an expiry already past counts; no expiry never) | stay_expires_within {expiresOn, days, within} (days from the event date, negative when past) |
 * | `newborn: true` | is the newborn of a 出生 event | newborn |
 * | `deceased: true` | is the deceased of a 死亡 event | deceased |
 * | `eventKind: k \| [k…]` (added) | the event's sub-kind (types.ts EVENT_KINDS: 世帯変更 separation…, 離婚 agreement/court…) is (one of) k. **Event-level**: the same for every member | event_kind {kind} |
 * | `all: [c…]` | every part matches | union of the parts' reasons |
 * | `any: [c…]` | some part matches | the first matching part's reasons |
 * | `not: c` | c does not match | why c fails, negated: `not_<code>` (see below) |
 * | `requested: true` | never automatically: staff add the procedure by hand. A condition mentioning it anywhere never matches | (requested, for hand-added procedures) |
 *
 * "Parent" (`role: 'parent'`, `parentInsurance`) is read from the 続柄, which are relations to the 世帯主: the
 * parents of a 子 are the 世帯主, 妻 and 夫; of a 孫, the 子, 子の妻 and 子の夫; of the 世帯主, the 父 and 母; of
 * the 妻 / 夫, the 妻の父 / 妻の母 / 夫の父 / 夫の母; a step-child (妻の子 / 夫の子) has the 世帯主 as step-parent beside
 * the 妻 / 夫. So a 世帯主/妻/夫 is a parent when the household has a 子 (in a
 * household with a 孫 and several adult 子, every 子 counts as a parent of the 孫: the 住民票 cannot say whose).
 *
 * Negated reasons (`not`): De Morgan. `not` of a leaf gives `not_<code>` whose params describe what was
 * required (e.g. `not: {insurance: 'employee'}` → {code: 'not_insurance', params: {insurance: 'employee'}}; lists
 * joined with ','), plus the member's age where the leaf is about age. `not` of `all` gives the first failing
 * part's negation; `not` of `any` the union of all parts' negations; `not` of `not` the inner reasons.
 *
 * Ages are legal ages on the event date (dates.ts legalAge: one year older on the day before the birthday).
 */
import { z } from 'zod';
import { addDays, compare, daysBetween, fiscalYearEndAfterAge, isUntilFiscalYearEndOfAge, legalAge, SCHOOL_STAGES, schoolGrade } from './dates';
import type { SchoolStage } from './dates';
import { ALL_EVENT_KINDS, HEALTH_INSURANCES, PENSIONS, RESIDENCE_CATEGORIES } from './types';
import type { EventInput, EventKind, HealthInsurance, Member, Pension, ResidenceCategory } from './types';
import { RESIDENCE_STATUS_CODES } from './residence-status';
import type { ResidenceStatusCode } from './residence-status';

// ───────────────────────────────────────── the vocabulary ───────────────────────────────────────────────

export type OneOrMany<T> = T | T[];

export interface Condition {
  always?: true;
  kind?: 'foreign' | 'japanese';
  hasResidenceCard?: true;
  hasMyNumberCard?: true;
  careCertified?: true;
  ageAtLeast?: number;
  ageBelow?: number;
  ageBetween?: [number, number];
  insurance?: OneOrMany<HealthInsurance>;
  pension?: OneOrMany<Pension>;
  schoolAge?: SchoolStage[];
  childUntilFiscalYearEndOfAge?: number;
  householdHasChildUntilFiscalYearEndOfAge?: number;
  role?: 'parent';
  relation?: OneOrMany<string>;
  parentInsurance?: OneOrMany<HealthInsurance>;
  remainingMembersAtLeast?: number;
  remainingMembersAgedAtLeast?: { count: number; age: number };
  parentResidenceCategory?: OneOrMany<ResidenceCategory>;
  nationality?: OneOrMany<string>;
  residenceCategory?: OneOrMany<ResidenceCategory>;
  residenceStatus?: OneOrMany<ResidenceStatusCode>;
  stayExpiresWithinDays?: number;
  newborn?: true;
  deceased?: true;
  eventKind?: OneOrMany<EventKind>;
  requested?: true;
  all?: Condition[];
  any?: Condition[];
  not?: Condition;
}

export type ConditionKey = keyof Condition;

/** Evaluation order of the keys of one condition object (so reasons come out in a fixed order). */
const KEY_ORDER = [
  'requested',
  'always',
  'newborn',
  'deceased',
  'eventKind',
  'relation',
  'kind',
  'hasResidenceCard',
  'hasMyNumberCard',
  'ageAtLeast',
  'ageBelow',
  'ageBetween',
  'careCertified',
  'schoolAge',
  'childUntilFiscalYearEndOfAge',
  'householdHasChildUntilFiscalYearEndOfAge',
  'role',
  'insurance',
  'parentInsurance',
  'parentResidenceCategory',
  'pension',
  'remainingMembersAtLeast',
  'remainingMembersAgedAtLeast',
  'nationality',
  'residenceCategory',
  'residenceStatus',
  'stayExpiresWithinDays',
  'all',
  'any',
  'not',
] as const satisfies readonly ConditionKey[];

// A compile-time check that KEY_ORDER lists every key of Condition.
type MissingKeys = Exclude<ConditionKey, (typeof KEY_ORDER)[number]>;
const everyKeyOrdered: MissingKeys extends never ? true : false = true;
void everyKeyOrdered;

const Age = z.number().int().min(0).max(150);
const Insurance = z.enum(HEALTH_INSURANCES);
const PensionKind = z.enum(PENSIONS);
const Stage = z.enum(SCHOOL_STAGES as [SchoolStage, ...SchoolStage[]]);
const Relation = z.string().min(1).max(32);
const Category = z.enum(RESIDENCE_CATEGORIES);
const Kind = z.enum(ALL_EVENT_KINDS);

function oneOrMany<T extends z.ZodType>(schema: T) {
  return z.union([schema, z.array(schema).min(1)]);
}

/** The schema of a catalog condition (recursive, strict: unknown keys are errors). */
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .strictObject({
      always: z.literal(true).optional(),
      kind: z.enum(['foreign', 'japanese']).optional(),
      hasResidenceCard: z.literal(true).optional(),
      hasMyNumberCard: z.literal(true).optional(),
      careCertified: z.literal(true).optional(),
      ageAtLeast: Age.optional(),
      ageBelow: Age.optional(),
      ageBetween: z.tuple([Age, Age]).optional(),
      insurance: oneOrMany(Insurance).optional(),
      pension: oneOrMany(PensionKind).optional(),
      schoolAge: z.array(Stage).min(1).optional(),
      childUntilFiscalYearEndOfAge: Age.optional(),
      householdHasChildUntilFiscalYearEndOfAge: Age.optional(),
      role: z.literal('parent').optional(),
      relation: oneOrMany(Relation).optional(),
      parentInsurance: oneOrMany(Insurance).optional(),
      remainingMembersAtLeast: z.number().int().min(0).max(1000).optional(),
      remainingMembersAgedAtLeast: z.strictObject({ count: z.number().int().min(1).max(1000), age: Age }).optional(),
      parentResidenceCategory: oneOrMany(Category).optional(),
      nationality: oneOrMany(z.string().regex(/^[A-Z]{2}$/)).optional(),
      residenceCategory: oneOrMany(Category).optional(),
      residenceStatus: oneOrMany(z.enum(RESIDENCE_STATUS_CODES)).optional(),
      stayExpiresWithinDays: z.number().int().min(0).max(3650).optional(),
      newborn: z.literal(true).optional(),
      deceased: z.literal(true).optional(),
      eventKind: oneOrMany(Kind).optional(),
      requested: z.literal(true).optional(),
      all: z.array(ConditionSchema).min(1).optional(),
      any: z.array(ConditionSchema).min(1).optional(),
      not: ConditionSchema.optional(),
    })
    .superRefine((condition, ctx) => {
      if (!Object.values(condition).some((value) => value !== undefined)) {
        ctx.addIssue({ code: 'custom', message: 'a condition needs at least one key (use {always: true} for everyone)' });
      }
      if (condition.ageBetween && condition.ageBetween[0] > condition.ageBetween[1]) {
        ctx.addIssue({ code: 'custom', path: ['ageBetween'], message: 'ageBetween is [min, max] with min ≤ max' });
      }
      const household = condition.householdHasChildUntilFiscalYearEndOfAge !== undefined;
      if (household && condition.role === undefined) {
        ctx.addIssue({ code: 'custom', path: ['role'], message: "a household-level condition names the claimant: add role: 'parent'" });
      }
      if (!household && condition.role !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['role'], message: 'role goes with householdHasChildUntilFiscalYearEndOfAge' });
      }
    }),
);

/** Every key used anywhere in the condition tree. */
export function conditionKeys(condition: Condition): Set<ConditionKey> {
  const keys = new Set<ConditionKey>();
  const visit = (c: Condition): void => {
    for (const key of KEY_ORDER) {
      if (c[key] === undefined) continue;
      keys.add(key);
    }
    for (const part of c.all ?? []) visit(part);
    for (const part of c.any ?? []) visit(part);
    if (c.not) visit(c.not);
  };
  visit(condition);
  return keys;
}

// ───────────────────────────────────────── reasons ──────────────────────────────────────────────────────

const POSITIVE_REASON_CODES = [
  'everyone',
  'requested',
  'newborn',
  'deceased',
  'event_kind',
  'relation',
  'foreign_resident',
  'japanese_resident',
  'residence_card',
  'my_number_card',
  'age_at_least',
  'age_below',
  'age_between',
  'care_certified',
  'school_age',
  'child_until_fiscal_year_end',
  'household_child',
  'insurance',
  'parent_insurance',
  'parent_residence_category',
  'pension',
  'remaining_members',
  'remaining_members_aged',
  'nationality',
  'residence_category',
  'residence_status',
  'stay_expires_within',
] as const;

type PositiveReasonCode = (typeof POSITIVE_REASON_CODES)[number];
type NegatableReasonCode = Exclude<PositiveReasonCode, 'everyone' | 'requested'>;

const NEGATABLE_REASON_CODES = POSITIVE_REASON_CODES.filter(
  (code): code is NegatableReasonCode => code !== 'everyone' && code !== 'requested',
);

export type ReasonCode = PositiveReasonCode | `not_${NegatableReasonCode}`;

/** Every reason code the engine can produce (the UI keeps one message per code). */
export const REASON_CODES: readonly ReasonCode[] = [...POSITIVE_REASON_CODES, ...NEGATABLE_REASON_CODES.map((code) => `not_${code}` as const)];

export interface Reason {
  code: ReasonCode;
  params: Record<string, string | number>;
}

export interface Evaluation {
  matched: boolean;
  reasons: Reason[];
}

/** What evaluate() reads besides the member: the event (only its date, members and newborn/deceased ids). */
export type EvaluationContext = Pick<EventInput, 'eventDate' | 'members' | 'newbornResidentId' | 'deceasedResidentId' | 'eventKind'>;

// ───────────────────────────────────────── household relations ──────────────────────────────────────────

const PARENT_RELATIONS: Readonly<Record<string, readonly string[]>> = {
  子: ['世帯主', '妻', '夫'],
  孫: ['子', '子の妻', '子の夫'],
  世帯主: ['父', '母'],
  妻: ['妻の父', '妻の母'],
  夫: ['夫の父', '夫の母'],
  妻の子: ['妻', '世帯主'],
  夫の子: ['夫', '世帯主'],
};

const GRANDPARENT_RELATIONS: Readonly<Record<string, readonly string[]>> = {
  孫: ['世帯主', '妻', '夫'],
  子: ['父', '母'],
};

/** Whether `parent` is a parent of `child`, read from their 続柄 to the 世帯主 (see the module comment). */
export function isParentOf(parent: Member, child: Member): boolean {
  return parent.residentId !== child.residentId && (PARENT_RELATIONS[child.relation]?.includes(parent.relation) ?? false);
}

/** Whether `carer` raises `child` in this household: a parent, or a grandparent when no parent of the child lives here. */
function raises(carer: Member, child: Member, household: readonly Member[]): boolean {
  if (isParentOf(carer, child)) return true;
  if (carer.residentId === child.residentId || !(GRANDPARENT_RELATIONS[child.relation]?.includes(carer.relation) ?? false)) return false;
  return !household.some((other) => isParentOf(other, child));
}

/**
 * A newborn's nationality follows both parents (国籍法 2条): Japanese when a parent in the household is
 * Japanese, foreign when every parent there is foreign; the newborn's own `kind` when no parent lives here.
 */
export function newbornNationality(newborn: Member, household: readonly Member[]): Member['kind'] {
  const parents = household.filter((p) => isParentOf(p, newborn));
  if (parents.length === 0) return newborn.kind;
  return parents.some((p) => p.kind === 'japanese') ? 'japanese' : 'foreign';
}

/** Household members who are alive (everyone but the deceased of a 死亡 event). */
function living(context: EvaluationContext): Member[] {
  return context.members.filter((m) => m.residentId !== context.deceasedResidentId);
}

// ───────────────────────────────────────── evaluation ───────────────────────────────────────────────────

class Env {
  private cachedAge: number | undefined;

  constructor(
    readonly member: Member,
    readonly context: EvaluationContext,
  ) {}

  get age(): number {
    this.cachedAge ??= legalAge(this.member.birthDate, this.context.eventDate);
    return this.cachedAge;
  }

  ageOf(other: Member): number {
    return legalAge(other.birthDate, this.context.eventDate);
  }
}

interface Leaf {
  matched: boolean;
  /** Why it matched. */
  reason: Reason;
  /** Why it did not, for `not`. */
  negation: Reason;
}

const list = (value: OneOrMany<string>): string[] => (Array.isArray(value) ? value : [value]);
const r = (code: ReasonCode, params: Record<string, string | number> = {}): Reason => ({ code, params });

function leaf(key: Exclude<ConditionKey, 'all' | 'any' | 'not' | 'role'>, c: Condition, env: Env): Leaf {
  const m = env.member;
  switch (key) {
    // These two are never negated: `always` always matches, and evaluate() never reaches `requested`.
    case 'always':
      return { matched: true, reason: r('everyone'), negation: r('everyone') };
    case 'requested':
      return { matched: false, reason: r('requested'), negation: r('requested') };
    case 'newborn':
      return { matched: env.context.newbornResidentId === m.residentId, reason: r('newborn'), negation: r('not_newborn') };
    case 'deceased':
      return { matched: env.context.deceasedResidentId === m.residentId, reason: r('deceased'), negation: r('not_deceased') };
    case 'eventKind': {
      const wanted = list(c.eventKind ?? []);
      const kind = env.context.eventKind;
      return { matched: kind !== undefined && wanted.includes(kind), reason: r('event_kind', { kind: kind ?? '' }), negation: r('not_event_kind', { kind: wanted.join(',') }) };
    }
    case 'relation': {
      const wanted = list(c.relation ?? []);
      return { matched: wanted.includes(m.relation), reason: r('relation', { relation: m.relation }), negation: r('not_relation', { relation: wanted.join(',') }) };
    }
    case 'kind':
      return c.kind === 'foreign'
        ? { matched: m.kind === 'foreign', reason: r('foreign_resident'), negation: r('not_foreign_resident') }
        : { matched: m.kind === 'japanese', reason: r('japanese_resident'), negation: r('not_japanese_resident') };
    case 'hasResidenceCard':
      return { matched: m.hasResidenceCard, reason: r('residence_card'), negation: r('not_residence_card') };
    case 'hasMyNumberCard':
      return { matched: m.hasMyNumberCard, reason: r('my_number_card'), negation: r('not_my_number_card') };
    case 'careCertified':
      return { matched: m.careCertified, reason: r('care_certified'), negation: r('not_care_certified') };
    case 'ageAtLeast': {
      const params = { age: env.age, min: c.ageAtLeast ?? 0 };
      return { matched: env.age >= params.min, reason: r('age_at_least', params), negation: r('not_age_at_least', params) };
    }
    case 'ageBelow': {
      const params = { age: env.age, max: c.ageBelow ?? 0 };
      return { matched: env.age < params.max, reason: r('age_below', params), negation: r('not_age_below', params) };
    }
    case 'ageBetween': {
      const [min, max] = c.ageBetween ?? [0, 0];
      const params = { age: env.age, min, max };
      return { matched: env.age >= min && env.age <= max, reason: r('age_between', params), negation: r('not_age_between', params) };
    }
    case 'schoolAge': {
      const { stage, grade } = schoolGrade(m.birthDate, env.context.eventDate);
      const wanted = c.schoolAge ?? [];
      const params: Record<string, string | number> = { age: env.age, stage };
      if (grade !== null) params.grade = grade;
      return { matched: wanted.includes(stage), reason: r('school_age', params), negation: r('not_school_age', { ...params, stages: wanted.join(',') }) };
    }
    case 'childUntilFiscalYearEndOfAge': {
      const limit = c.childUntilFiscalYearEndOfAge ?? 0;
      const params = { age: env.age, limit, until: fiscalYearEndAfterAge(m.birthDate, limit) };
      return {
        matched: isUntilFiscalYearEndOfAge(m.birthDate, limit, env.context.eventDate),
        reason: r('child_until_fiscal_year_end', params),
        negation: r('not_child_until_fiscal_year_end', params),
      };
    }
    case 'householdHasChildUntilFiscalYearEndOfAge': {
      const limit = c.householdHasChildUntilFiscalYearEndOfAge ?? 0;
      // role is always 'parent' (the schema allows nothing else): the member must be a parent of the child.
      const household = living(env.context);
      const children = household.filter((child) => raises(m, child, household) && isUntilFiscalYearEndOfAge(child.birthDate, limit, env.context.eventDate));
      const childAge = Math.min(...children.map((child) => env.ageOf(child)));
      return {
        matched: children.length > 0 && m.residentId !== env.context.deceasedResidentId,
        reason: r('household_child', { childAge, limit, children: children.length }),
        negation: r('not_household_child', { limit }),
      };
    }
    case 'insurance': {
      const wanted = list(c.insurance ?? []);
      return { matched: wanted.includes(m.healthInsurance), reason: r('insurance', { insurance: m.healthInsurance }), negation: r('not_insurance', { insurance: wanted.join(',') }) };
    }
    case 'parentInsurance': {
      const wanted = list(c.parentInsurance ?? []);
      const parent = living(env.context).find((p) => isParentOf(p, m) && wanted.includes(p.healthInsurance));
      return {
        matched: parent !== undefined,
        reason: r('parent_insurance', parent ? { insurance: parent.healthInsurance, relation: parent.relation } : {}),
        negation: r('not_parent_insurance', { insurance: wanted.join(',') }),
      };
    }
    case 'parentResidenceCategory': {
      const wanted = list(c.parentResidenceCategory ?? []);
      const parent = living(env.context).find((p) => isParentOf(p, m) && p.kind === 'foreign' && wanted.includes(p.residenceCategory ?? ''));
      return {
        matched: parent !== undefined,
        reason: r('parent_residence_category', parent ? { category: parent.residenceCategory ?? '', relation: parent.relation } : {}),
        negation: r('not_parent_residence_category', { category: wanted.join(',') }),
      };
    }
    case 'pension': {
      const wanted = list(c.pension ?? []);
      return { matched: wanted.includes(m.pension), reason: r('pension', { pension: m.pension }), negation: r('not_pension', { pension: wanted.join(',') }) };
    }
    case 'remainingMembersAtLeast': {
      const params = { count: living(env.context).length, min: c.remainingMembersAtLeast ?? 0 };
      return { matched: params.count >= params.min, reason: r('remaining_members', params), negation: r('not_remaining_members', params) };
    }
    case 'remainingMembersAgedAtLeast': {
      const { count: min, age } = c.remainingMembersAgedAtLeast ?? { count: 0, age: 0 };
      const params = { count: living(env.context).filter((other) => env.ageOf(other) >= age).length, min, age };
      return { matched: params.count >= params.min, reason: r('remaining_members_aged', params), negation: r('not_remaining_members_aged', params) };
    }
    case 'nationality': {
      const wanted = list(c.nationality ?? []);
      const own = m.kind === 'foreign' ? (m.nationality ?? null) : null;
      return { matched: own !== null && wanted.includes(own), reason: r('nationality', { nationality: own ?? '' }), negation: r('not_nationality', { nationality: wanted.join(',') }) };
    }
    case 'residenceCategory': {
      const wanted = list(c.residenceCategory ?? []);
      const own = m.kind === 'foreign' ? (m.residenceCategory ?? null) : null;
      return { matched: own !== null && wanted.includes(own), reason: r('residence_category', { category: own ?? '' }), negation: r('not_residence_category', { category: wanted.join(',') }) };
    }
    case 'residenceStatus': {
      const wanted = list(c.residenceStatus ?? []);
      const own = m.kind === 'foreign' ? (m.residenceStatus ?? null) : null;
      return { matched: own !== null && wanted.includes(own), reason: r('residence_status', { status: own ?? '' }), negation: r('not_residence_status', { status: wanted.join(',') }) };
    }
    case 'stayExpiresWithinDays': {
      const within = c.stayExpiresWithinDays ?? 0;
      const expiresOn = m.stayExpiresOn ?? null;
      const matched = expiresOn !== null && compare(expiresOn, addDays(env.context.eventDate, within)) <= 0;
      const days = expiresOn === null ? 0 : daysBetween(env.context.eventDate, expiresOn);
      return {
        matched,
        reason: r('stay_expires_within', { expiresOn: expiresOn ?? '', days, within }),
        negation: r('not_stay_expires_within', expiresOn === null ? { within } : { expiresOn, days, within }),
      };
    }
  }
}

function union(target: Reason[], more: readonly Reason[]): void {
  for (const reason of more) {
    const key = JSON.stringify(reason);
    if (!target.some((existing) => JSON.stringify(existing) === key)) target.push(reason);
  }
}

type Part = { kind: 'leaf'; key: Exclude<ConditionKey, 'all' | 'any' | 'not' | 'role'> } | { kind: 'all' | 'any'; parts: Condition[] } | { kind: 'not'; inner: Condition };

/** The parts of one condition object, in KEY_ORDER (several keys mean all of them). */
function partsOf(c: Condition): Part[] {
  const parts: Part[] = [];
  for (const key of KEY_ORDER) {
    if (c[key] === undefined || key === 'role') continue;
    if (key === 'all' || key === 'any') parts.push({ kind: key, parts: c[key] ?? [] });
    else if (key === 'not') parts.push({ kind: 'not', inner: c.not ?? {} });
    else parts.push({ kind: 'leaf', key });
  }
  return parts;
}

function evalPart(part: Part, c: Condition, env: Env): Evaluation {
  switch (part.kind) {
    case 'leaf': {
      const result = leaf(part.key, c, env);
      return { matched: result.matched, reasons: result.matched ? [result.reason] : [] };
    }
    case 'all': {
      const reasons: Reason[] = [];
      for (const sub of part.parts) {
        const result = evalNode(sub, env);
        if (!result.matched) return { matched: false, reasons: [] };
        union(reasons, result.reasons);
      }
      return { matched: true, reasons };
    }
    case 'any': {
      for (const sub of part.parts) {
        const result = evalNode(sub, env);
        if (result.matched) return result;
      }
      return { matched: false, reasons: [] };
    }
    case 'not': {
      const inner = evalNode(part.inner, env);
      return inner.matched ? { matched: false, reasons: [] } : { matched: true, reasons: whyNot(part.inner, env) };
    }
  }
}

/** One condition object: all of its parts; the union of their reasons. */
function evalNode(c: Condition, env: Env): Evaluation {
  const reasons: Reason[] = [];
  for (const part of partsOf(c)) {
    const result = evalPart(part, c, env);
    if (!result.matched) return { matched: false, reasons: [] };
    union(reasons, result.reasons);
  }
  return { matched: true, reasons };
}

/** Reasons why `c` does not match (call only when it does not). */
function whyNot(c: Condition, env: Env): Reason[] {
  for (const part of partsOf(c)) {
    const reasons = whyNotPart(part, c, env);
    if (reasons) return reasons;
  }
  return [];
}

/** The negated reasons of one part, or null when the part matches. */
function whyNotPart(part: Part, c: Condition, env: Env): Reason[] | null {
  switch (part.kind) {
    case 'leaf': {
      const result = leaf(part.key, c, env);
      return result.matched ? null : [result.negation];
    }
    case 'all': {
      for (const sub of part.parts) if (!evalNode(sub, env).matched) return whyNot(sub, env);
      return null;
    }
    case 'any': {
      const reasons: Reason[] = [];
      for (const sub of part.parts) {
        if (evalNode(sub, env).matched) return null;
        union(reasons, whyNot(sub, env));
      }
      return reasons;
    }
    case 'not': {
      const inner = evalNode(part.inner, env);
      return inner.matched ? inner.reasons : null;
    }
  }
}

/**
 * Evaluates a parsed condition for one member. A condition that mentions `requested` never matches (those
 * procedures are added by hand). Reasons are empty when it does not match.
 */
export function evaluate(condition: Condition, member: Member, context: EvaluationContext): Evaluation {
  if (conditionKeys(condition).has('requested')) return { matched: false, reasons: [] };
  return evalNode(condition, new Env(member, context));
}
