import { hostError, type HostResult } from '../../../shared/contract';
import { eventKindsOf, newbornNationality, type judgeProcedures } from '../../../shared/rules/engine';
import { judgeRegistration } from '../../../shared/rules/residence';
import { ruleEventDates, ruleEventKind, ruleMember } from '../../../shared/session/rule-member';
import type { Visit } from '../../../shared/session/state';
import { NEWBORN_ID_PREFIX, type EventDetails, type ProcedureLine, type VisitHousehold, type VisitLifeEvent, type VisitMember } from '../../../shared/session/visit';
import { handle } from './handler';
import type { Catalog } from './visit-data';

/**
 * The visit's household as judged: a birth brings a member who has no record yet, judged under a provisional
 * id, shown to staff and the resident, and sent to the backend as household-level procedures with the
 * newborn's data in the forms.
 */
function judgedMembers(visit: Visit & { household: VisitHousehold }, lifeEvent: VisitLifeEvent, details: EventDetails): HostResult<{ members: VisitMember[]; newbornId?: string }> {
  const householdMembers = visit.household.members.filter((m) => !m.residentId.startsWith(NEWBORN_ID_PREFIX));
  if (lifeEvent !== 'birth') return { ok: true, value: { members: householdMembers } };
  if (!details.newborn) return hostError('invalid_input', 'a birth needs the newborn', { fields: ['details.newborn'] });
  const newbornId = `${NEWBORN_ID_PREFIX}${visit.visitId}`;
  const head = householdMembers.find((m) => m.relation === '世帯主') ?? householdMembers[0];
  const child: VisitMember = {
    residentId: newbornId,
    name: details.newborn.name,
    nameKana: details.newborn.nameKana || null,
    alphabetName: null,
    birthDate: details.newborn.birthDate,
    sex: details.newborn.sex,
    relation: '子',
    kind: head?.kind ?? 'japanese',
    healthInsurance: 'none',
    pension: 'none',
    careCertified: false,
    hasMyNumberCard: false,
    hasResidenceCard: false,
    supportMeasure: false,
  };
  // The newborn's nationality follows both parents (Japanese if either is).
  const kind = newbornNationality(ruleMember(child), householdMembers.map(ruleMember));
  // A foreign newborn is a 出生による経過滞在者 until the 在留資格取得 (or 特別永住許可).
  const newborn: VisitMember = { ...child, kind, ...(kind === 'foreign' ? { residenceCategory: 'transitional' as const } : {}) };
  return { ok: true, value: { members: [...householdMembers, newborn], newbornId } };
}

/** The catalog's verdict as the visit's procedure lines (fee and 個人番号 need from the catalog entry). */
function procedureLines(entries: Catalog, judged: ReturnType<typeof judgeProcedures>): ProcedureLine[] {
  const fee = new Map(entries.map((entry) => [entry.procedureId, entry.feeYen]));
  const needsNumber = new Set(entries.filter((entry) => entry.needsIndividualNumber).map((entry) => entry.procedureId));
  return judged.map((j) => ({
    procedureId: j.procedureId,
    residentId: j.residentId,
    department: j.department,
    deadline: j.deadline,
    feeYen: fee.get(j.procedureId) ?? 0,
    reasons: j.reasons.map((reason) => ({ code: reason.code, params: { ...reason.params } })),
    source: 'judged',
    included: true,
    note: '',
    ...(needsNumber.has(j.procedureId) ? { needsIndividualNumber: true } : {}),
  }));
}

export const judgeHandlers = [
  // hold: the household judged is the household the verdict is applied to (a household chosen meanwhile waits
  // its turn instead of being overwritten by a verdict about the last one).
  handle('chooseLifeEvent', {
    queue: 'hold',
    run: async ({ lifeEvent, details: entered }, ctx) => {
      // A sub-kind belongs to its event: one left over from another event's choice is not kept.
      const details = eventKindsOf(lifeEvent).length > 0 || !entered.eventKind ? entered : { ...entered, eventKind: null };
      const visit = ctx.store.state.visit;
      if (!visit?.household) return hostError('invalid_state', 'identify the household first');
      const entries = (await ctx.cloud.catalog(lifeEvent, details.eventDate)).procedures;
      ctx.store.visitData.setCatalog(visit.visitId, entries);
      const judgedHousehold = judgedMembers({ ...visit, household: visit.household }, lifeEvent, details);
      if (!judgedHousehold.ok) return judgedHousehold;
      const { members, newbornId } = judgedHousehold.value;
      const deceasedId = lifeEvent === 'death' ? (details.deceasedResidentId ?? undefined) : undefined;
      if (lifeEvent === 'death' && !(deceasedId && members.some((m) => m.residentId === deceasedId))) {
        return hostError('invalid_input', 'a death needs the deceased member of this household', { fields: ['details.deceasedResidentId'] });
      }
      if (lifeEvent === 'death' && details.deathKnownDate && details.deathKnownDate < details.eventDate) {
        return hostError('invalid_input', 'the death cannot become known before the day of death', { fields: ['details.deathKnownDate'] });
      }
      // 世帯変更, 在留, 社会保険 and 離婚 are judged by their sub-kind: one that is missing or not of this event is said.
      const kinds = eventKindsOf(lifeEvent);
      if (kinds.length > 0 && !(details.eventKind && kinds.includes(details.eventKind))) {
        return hostError('invalid_input', `choose the kind of ${lifeEvent}: ${kinds.join(' | ')}`, { fields: ['details.eventKind'] });
      }
      // Who may not be registered (a 転入 of someone on 短期滞在 …) is refused and judged for nothing; the others as usual.
      const { refusals, judgements: judged } = judgeRegistration(entries, {
        lifeEvent,
        ...ruleEventDates(lifeEvent, details),
        ...ruleEventKind(lifeEvent, details),
        ...(newbornId ? { newbornResidentId: newbornId } : {}),
        ...(deceasedId ? { deceasedResidentId: deceasedId } : {}),
        members: members.map(ruleMember),
      });
      const refused = new Map(refusals.map((refusal) => [refusal.residentId, refusal.reason]));
      const household = { ...visit.household, members: members.map((m) => ({ ...m, refusal: refused.get(m.residentId) ?? null })) };
      return ctx.store.apply({ type: 'lifeEventChosen', lifeEvent, details, procedures: procedureLines(entries, judged), household });
    },
  }),
  // outside: a pure read of the catalog the visit was judged with.
  handle('listCatalog', {
    queue: 'outside',
    run: (_input, ctx) => {
      const visit = ctx.store.state.visit;
      const entries = visit ? ctx.store.visitData.catalog(visit.visitId) : null;
      if (!entries) return hostError('invalid_state', 'choose the life event first');
      return { ok: true, value: { procedures: entries.map((entry) => ({ procedureId: entry.procedureId, department: entry.department, feeYen: entry.feeYen, title: entry.texts.ja?.title ?? entry.procedureId })) } };
    },
  }),
];
