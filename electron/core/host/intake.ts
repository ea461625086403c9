import { hostError } from '../../../shared/contract';
import type { NewHousehold } from '../../../shared/api/schemas';
import { blankIntakeMember, fillFromRead, intakeWarnings, likelyRelation, newHouseholdOf, SEX_OF_RELATION, type IntakeDraft } from '../../../shared/session/intake';
import type { Visit } from '../../../shared/session/state';
import type { VisitHousehold } from '../../../shared/session/visit';
import type { IdentityRead } from '../devices/port';
import { handle, type Ack, type HostContext } from './handler';
import { nationalityCode } from './nationality';
import { visitMember } from './visit-member';

/**
 * 転入 of people who are not in the register yet: the intake draft in the identification step (see
 * shared/session/intake.ts). Every handler holds the queue: each reads the draft and writes it back.
 */

const MAX_MEMBERS = 20;

/** True while a card read or an MRZ scan fills the intake form instead of searching the register. */
export function intakeOpen(visit: Visit | null): visit is Visit & { intake: IntakeDraft } {
  return Boolean(visit?.intake) && !(visit?.household && !visit.household.isNew);
}

/**
 * A passport MRZ or a residence card read during intake: it prefills the person it describes (or the next one
 * not entered yet). Runs inside the queue, like `identify`. The card's pictures are kept for staff to compare
 * the name (the chip has it only as a picture) with what they type.
 */
export function fillIntake(ctx: HostContext, identity: IdentityRead): Ack {
  const visit = ctx.store.state.visit;
  if (!intakeOpen(visit)) return hostError('invalid_state', 'no intake is open');
  // A residence card whose data does not verify (altered, or signed by no CA IT trusts) registers nobody: the
  // form is not filled from it, and staff are told why (the identification step shows the same status).
  if (identity.signature === 'invalid' || identity.signature === 'untrusted-issuer') {
    return hostError('device', `card: signature_invalid (${identity.signature})`, { device: 'card', code: 'signature_invalid', params: { status: identity.signature } });
  }
  const filled = fillFromRead(
    visit.intake,
    {
      name: identity.name,
      alphabetName: identity.alphabetName,
      birthDate: identity.birthDate,
      sex: identity.sex,
      nationality: nationalityCode(identity.nationality) ?? identity.nationality,
      residenceStatus: identity.residenceStatus,
      periodOfStay: identity.periodOfStay,
      stayExpiresOn: identity.stayExpiresOn,
      residenceCardNumber: identity.residenceCardNumber,
    },
    ctx.newId,
  );
  if (!filled) return hostError('invalid_input', `a household moving in has at most ${MAX_MEMBERS} members`, { fields: ['members'] });
  // A My Number card (特例転入 with the card's four items) still carries the address the holder is leaving: that
  // is the 前住所, where staff have not written one.
  if (identity.source === 'mynumber_card' && identity.address && !filled.previousAddress.trim()) filled.previousAddress = identity.address;
  const { version: _version, ...changed } = filled;
  const result = ctx.store.apply({ type: 'intakeChanged', draft: changed });
  if (result.ok && identity.images) ctx.store.visitData.setCardImages(visit.visitId, ctx.now().toISOString(), identity.images);
  return result;
}

/** The confirmed household as the visit keeps it: like a registered one, marked new (registered by the submission). */
function visitHouseholdOf(household: NewHousehold, draft: IntakeDraft): VisitHousehold {
  const asked = new Map(draft.members.map((m) => [m.residentId, m]));
  const members = household.members.map((m) => {
    const { healthInsurance, pension } = asked.get(m.residentId) ?? { healthInsurance: 'none' as const, pension: 'none' as const };
    return visitMember({ ...m, healthInsurance, pension, careCertified: false, supportMeasure: false });
  });
  return { householdId: household.householdId, address: household.address, isNew: true, members };
}

export const intakeHandlers = [
  // hold (all): each reads the draft (or the visit) and writes it back in one turn.
  handle('startIntake', {
    queue: 'hold',
    needs: ['staff'],
    step: 'identify',
    run: ({ source }, ctx) => {
      const visit = ctx.store.state.visit!;
      // Starting again from the same paper keeps what was typed (a second press of the shortcut loses nothing).
      if (visit.intake?.source === source) return { ok: true, value: { rev: ctx.store.state.rev } };
      // A handoff's draft comes from its claim (claimHandoff), never blank.
      if (source === 'handoff') return hostError('invalid_input', 'a handoff intake starts from its claim', { fields: ['source'] });
      const foreign = source === 'from_abroad';
      return ctx.store.apply({
        type: 'intakeStarted',
        draft: { source, householdId: ctx.newId(), address: '', movedInOn: '', previousAddress: '', movedOutOn: '', members: [{ ...blankIntakeMember(ctx.newId(), foreign), relation: '世帯主' }] },
      });
    },
  }),
  handle('editIntake', {
    queue: 'hold',
    needs: ['staff'],
    step: 'identify',
    run: ({ edit }, ctx) => ctx.store.apply({ type: 'intakeEdited', edit }),
  }),
  handle('addIntakeMember', {
    queue: 'hold',
    needs: ['staff'],
    step: 'identify',
    run: ({ foreign }, ctx) => {
      const intake = ctx.store.state.visit?.intake;
      if (!intake) return hostError('invalid_state', 'no intake is open');
      if (intake.members.length >= MAX_MEMBERS) return hostError('invalid_input', `a household moving in has at most ${MAX_MEMBERS} members`, { fields: ['members'] });
      const { version: _version, ...draft } = intake;
      // The 続柄 the paper most likely says next (妻 after a male 世帯主, then 子), and the sex it implies.
      const relation = likelyRelation(intake.members);
      const member = { ...blankIntakeMember(ctx.newId(), foreign), relation, sex: SEX_OF_RELATION[relation] ?? null };
      const result = ctx.store.apply({ type: 'intakeChanged', draft: { ...draft, members: [...draft.members, member] } });
      return result.ok ? { ok: true, value: { rev: result.value.rev, residentId: member.residentId } } : result;
    },
  }),
  handle('removeIntakeMember', {
    queue: 'hold',
    needs: ['staff'],
    step: 'identify',
    run: ({ residentId }, ctx) => {
      const intake = ctx.store.state.visit?.intake;
      if (!intake) return hostError('invalid_state', 'no intake is open');
      const members = intake.members.filter((m) => m.residentId !== residentId);
      if (members.length === intake.members.length) return hostError('invalid_input', 'no such member in the intake', { fields: ['residentId'] });
      if (members.length === 0) return hostError('invalid_input', 'a household moving in has at least one member', { fields: ['residentId'] });
      const { version: _version, ...draft } = intake;
      return ctx.store.apply({ type: 'intakeChanged', draft: { ...draft, members } });
    },
  }),
  // The draft, whole and valid, becomes the visit's household; otherwise staff are told which fields.
  handle('confirmIntake', {
    queue: 'hold',
    needs: ['staff'],
    step: 'identify',
    run: (_input, ctx) => {
      const typed = ctx.store.state.visit?.intake;
      if (!typed) return hostError('invalid_state', 'no intake is open');
      // A nationality as typed (ブラジル, BRA) becomes the register's code; one that names no country is said.
      const codes = typed.members.map((m) => (m.foreign && m.nationality.trim() ? nationalityCode(m.nationality) : undefined));
      const unknown = codes.flatMap((code, i) => (code === null ? [`intake.members.${i}.nationality`] : []));
      if (unknown.length > 0) return hostError('invalid_input', 'a nationality that names no country', { fields: unknown });
      const { version: _version, ...draft } = typed;
      const members = draft.members.map((m, i) => (codes[i] && codes[i] !== m.nationality ? { ...m, nationality: codes[i] } : m));
      if (members.some((m, i) => m !== draft.members[i])) {
        const coded = ctx.store.apply({ type: 'intakeChanged', draft: { ...draft, members } });
        if (!coded.ok) return coded;
      }
      const intake = ctx.store.state.visit!.intake!;
      const household = newHouseholdOf(intake);
      if (!household.ok) return hostError('invalid_input', 'the intake is not complete', { fields: household.fields.map((field) => `intake.${field}`) });
      // A 世帯主 who may not be registered (短期滞在 …) cannot head the registered household: staff make one of
      // those who stay the 世帯主 (and the 続柄 relative to them) now, not at the submission. A household nobody of
      // which may register goes on: the procedures step says why there is no 転入.
      const refused = new Set(intakeWarnings(intake).flatMap((w) => (w.kind === 'refusal' ? [w.index] : [])));
      const headRefused = intake.members.some((m, i) => m.relation.trim() === '世帯主' && refused.has(i));
      if (headRefused && refused.size < intake.members.length) {
        return hostError('invalid_input', 'the 世帯主 may not be registered: make one of the others the 世帯主', { fields: ['intake.members.head'] });
      }
      return ctx.store.apply({ type: 'intakeConfirmed', household: visitHouseholdOf(household.value, intake) });
    },
  }),
  handle('cancelIntake', {
    queue: 'hold',
    needs: ['staff'],
    step: 'identify',
    run: (_input, ctx) => ctx.store.apply({ type: 'intakeCancelled' }),
  }),
];
