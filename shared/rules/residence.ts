/**
 * Who may not be registered as a resident (住民基本台帳法 30条の45), and the 転入 judged without them. Pure.
 *
 * A foreign national is registered only as a 中長期在留者, 特別永住者, 一時庇護許可者, 仮滞在許可者 or 出生・国籍喪失
 * による経過滞在者. So, at an event that registers people (a 転入), a foreign member is refused when:
 *
 * | Reason code | When | Law |
 * |---|---|---|
 * | `short_term_stay` | 在留資格 短期滞在 | 入管法 19条の3 二号 |
 * | `diplomatic_status` | 在留資格 外交 or 公用 | 入管法 19条の3 三号 |
 * | `stay_three_months_or_less` | a 在留期間 of 3 months or less (3月, 90日 …) | 入管法 19条の3 一号 |
 * | `no_residence_status` | no 在留資格 and no 在留の区分 at all (not 特別永住者 / 一時庇護 / 仮滞在 / 経過滞在; a 中長期在留者 whose status text was not understood is not refused, staff are warned instead) | 住基法 30条の45 |
 *
 * The first that applies, in that order, is the reason. Japanese nationals are never refused. A refused member
 * is left out of the household the catalog is judged for: they get no procedures and count for nobody else's
 * (a parent who is not registered here is not a parent in this household's register). Other events (転居, 出生 …)
 * concern people already registered (or a newborn, 出生による経過滞在者): nobody is refused there.
 */
import { judgeProcedures } from './engine';
import type { CatalogEntry, Judgement } from './engine';
import { isThreeMonthsOrLess } from './residence-status';
import type { EventInput, Member } from './types';

export const REFUSAL_REASONS = ['short_term_stay', 'diplomatic_status', 'stay_three_months_or_less', 'no_residence_status'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface MemberRefusal {
  residentId: string;
  reason: RefusalReason;
}

/**
 * The life events that register the household's members. A string list, not LifeEvent: the 国外転入 event
 * (moving_in_from_abroad) registers people too, whatever the vocabulary of life events holds.
 */
export const REGISTERING_EVENTS: readonly string[] = ['moving_in', 'moving_in_from_abroad'];

/** Why this member may not be registered, or null when they may. */
export function refusalOf(member: Member): RefusalReason | null {
  if (member.kind !== 'foreign') return null;
  const status = member.residenceStatus ?? null;
  if (status === 'temporary_visitor') return 'short_term_stay';
  if (status === 'diplomat' || status === 'official') return 'diplomatic_status';
  if (member.periodOfStay && isThreeMonthsOrLess(member.periodOfStay)) return 'stay_three_months_or_less';
  // A 中長期在留者 whose status text was not understood (null, staff warned) still has one; only no category at all is none.
  // Every category but 中長期在留者 is registered without a status of its own (特別永住者, 一時庇護, 仮滞在, 経過滞在).
  if (status === null && (member.residenceCategory ?? null) === null) return 'no_residence_status';
  return null;
}

/** The members of the event who may not be registered (none unless the event registers people), in member order. */
export function refusals(event: Pick<EventInput, 'lifeEvent' | 'members'>): MemberRefusal[] {
  if (!REGISTERING_EVENTS.includes(event.lifeEvent)) return [];
  return event.members.flatMap((member) => {
    const reason = refusalOf(member);
    return reason ? [{ residentId: member.residentId, reason }] : [];
  });
}

/**
 * The event judged for those who may be registered: the refusals, and the procedures of everyone else. When
 * every member is refused there are no procedures at all (the 転入 cannot be made).
 */
export function judgeRegistration(catalog: readonly CatalogEntry[], event: EventInput): { refusals: MemberRefusal[]; judgements: Judgement[] } {
  const refused = refusals(event);
  if (refused.length === 0) return { refusals: [], judgements: judgeProcedures(catalog, event) };
  const out = new Set(refused.map((r) => r.residentId));
  const members = event.members.filter((m) => !out.has(m.residentId));
  if (members.length === 0) return { refusals: refused, judgements: [] };
  const { newbornResidentId, deceasedResidentId, ...rest } = event;
  return {
    refusals: refused,
    judgements: judgeProcedures(catalog, {
      ...rest,
      members,
      ...(newbornResidentId && !out.has(newbornResidentId) ? { newbornResidentId } : {}),
      ...(deceasedResidentId && !out.has(deceasedResidentId) ? { deceasedResidentId } : {}),
    }),
  };
}
