import { createHash } from 'node:crypto';
import { handoffCodeLetters, type Newcomer } from '../../../shared/api/schemas';
import { hostError, type HostResult } from '../../../shared/contract';
import type { IntakeDraft, IntakeMemberDraft } from '../../../shared/session/intake';
import { NEWBORN_ID_PREFIX, type HandoffOutcome } from '../../../shared/session/visit';
import { asHostError, handle, type Ack, type HostContext } from './handler';

/**
 * 特例転入 between member towns of this cloud, at the counter (the backend's side: server/routes/handoffs.ts).
 *
 * The town a family leaves: a submitted 転出 whose destination is a member town makes the handoff right after the
 * submission (`settleHandoff`), and its one-time code goes on the resident's paper. A failure never takes the
 * receipt back: the visit stays submitted, the failure is kept with the result and staff retry (`retryHandoff`),
 * as the same backend request (one Idempotency-Key per visit), so a retry never makes a second handoff.
 *
 * The town they move to: in the identification step the code and one member's birth date claim the 転出証明書
 * items (`claimHandoff`); they become the intake draft (source 'handoff') that staff complete and confirm like
 * any other. The code is never logged: errors carry codes only.
 */

/** The backend request's key for a visit's handoff: the same however often the submission or staff retry it. */
export function handoffKey(visitId: string): string {
  return `${visitId}:handoff`;
}

/**
 * The backend request's key for a claim: the same for the same code and birth date in this visit, so a claim whose
 * answer was lost (timeout) is asked again and answered the same members — never a second, refused claim. Hashed:
 * the key is stored with the answer, the code must not be.
 */
export function claimKey(visitId: string, code: string, birthDate: string): string {
  return `${visitId}:claim:${createHash('sha256').update(`${handoffCodeLetters(code)}:${birthDate}`).digest('hex').slice(0, 32)}`;
}

/** Whether this visit leads to a handoff: a submitted 転出 to a member town. */
function handoffDestination(ctx: HostContext): string | null {
  const visit = ctx.store.state.visit;
  if (!visit?.result || visit.lifeEvent !== 'moving_out') return null;
  return visit.details?.destinationTenantId ?? null;
}

/**
 * Makes the submitted 転出's handoff (or finds it made) and keeps the outcome with the visit's result. Runs in the
 * queue (after the submission, or on staff's retry). Answers the outcome's typed error when it failed.
 */
export async function settleHandoff(ctx: HostContext): Promise<Ack> {
  const destinationTenantId = handoffDestination(ctx);
  const visit = ctx.store.state.visit;
  if (!destinationTenantId || !visit?.result || !visit.details || !visit.household) return hostError('invalid_state', 'this visit hands nobody off');
  if (visit.result.handoff?.status === 'created') return { ok: true, value: { rev: ctx.store.state.rev } };
  let outcome: HandoffOutcome;
  let failure: HostResult<never> | null = null;
  try {
    const town = (await ctx.cloud.memberTowns()).towns.find((t) => t.tenantId === destinationTenantId);
    if (!town) {
      failure = hostError('invalid_state', 'the destination is not a member town of this cloud');
      outcome = { status: 'failed', destinationTenantId, error: { code: 'handoff_unknown_destination', message: '転出先は、この自治体クラウドに参加している他の市町村を指定してください。' } };
    } else {
      // Those who move: the household members of the visit (a 転出 moves the household it was filed for).
      const residentIds = visit.household.members.map((m) => m.residentId).filter((id) => !id.startsWith(NEWBORN_ID_PREFIX));
      const made = await ctx.cloud.createHandoff({ visitId: visit.result.cloudVisitId, destinationTenantId, residentIds, movingOutOn: visit.details.eventDate }, handoffKey(visit.visitId));
      outcome = { status: 'created', destinationTenantId, destinationName: town.nameJa, destinationNameEn: town.nameEn, code: made.code, expiresOn: made.expiresOn };
    }
  } catch (error) {
    failure = asHostError(error, ctx, undefined, { channel: 'createHandoff' });
    const { code, message, details } = failure.ok ? { code: 'internal', message: '', details: undefined } : failure.error;
    const backend = details as { code?: string; message?: string } | undefined;
    outcome = { status: 'failed', destinationTenantId, error: { code: backend?.code ?? code, message: backend?.message ?? message } };
  }
  const applied = ctx.store.apply({ type: 'handoffSettled', handoff: outcome });
  if (!applied.ok) return applied;
  if (failure) ctx.log({ level: 'warn', event: 'handoff.failed', code: outcome.status === 'failed' ? outcome.error.code : 'unknown' });
  return failure ?? applied;
}

/** One claimed member as the intake form holds them: the 転出証明書 items; what the counter asks stays to ask. */
function memberDraft(member: Newcomer): IntakeMemberDraft {
  const foreign = member.kind === 'foreign';
  return {
    residentId: member.residentId,
    relation: member.relation,
    name: member.name,
    nameKana: member.nameKana ?? '',
    alphabetName: member.alphabetName ?? '',
    birthDate: member.birthDate,
    sex: member.sex,
    foreign,
    honseki: member.honseki ?? '',
    hittousha: member.hittousha ?? '',
    nationality: member.nationality ?? '',
    residenceStatus: member.residenceStatus ?? '',
    periodOfStay: (member.periodOfStay ?? '').slice(0, 30),
    stayExpiresOn: member.stayExpiresOn ?? '',
    residenceCardNumber: member.residenceCardNumber ?? '',
    landingGrantedOn: member.landingPermission?.grantedOn ?? '',
    landingPort: member.landingPermission?.port ?? '',
    // Asked at the counter (the source town does not hand them over): staff set them with the resident.
    healthInsurance: 'none',
    pension: 'none',
    hasMyNumberCard: member.hasMyNumberCard,
  } as IntakeMemberDraft;
}

/** The claimed members as the intake draft: the 転出証明書's household items; the new address still to ask. */
export function handoffDraft(householdId: string, members: Newcomer[]): Omit<IntakeDraft, 'version'> {
  const first = members[0];
  return {
    source: 'handoff',
    householdId,
    address: '',
    // Most often they moved in on the 転出予定日: it starts as that, as in the certificate's form (staff change it).
    movedInOn: (first?.movedOutOn ?? '') as IntakeDraft['movedInOn'],
    previousAddress: first?.previousAddress ?? '',
    movedOutOn: (first?.movedOutOn ?? '') as IntakeDraft['movedOutOn'],
    members: members.map(memberDraft),
  };
}

export const handoffHandlers = [
  // outside: a read of the backend's list; nothing in the session.
  handle('listMemberTowns', {
    queue: 'outside',
    needs: ['staff'],
    run: async (_input, ctx) => ({ ok: true, value: { towns: (await ctx.cloud.memberTowns()).towns.map(({ tenantId, nameJa }) => ({ tenantId, nameJa })) } }),
  }),
  // hold: reads the result and writes the outcome into it.
  handle('retryHandoff', {
    queue: 'hold',
    needs: ['staff'],
    step: 'finish',
    run: (_input, ctx) => settleHandoff(ctx),
  }),
  // hold: the claim and the draft it makes are one turn (a second claim of the same code waits and is answered
  // the same members by the backend's stored answer).
  handle('claimHandoff', {
    queue: 'hold',
    needs: ['staff'],
    step: 'identify',
    run: async ({ code, birthDate }, ctx) => {
      const visit = ctx.store.state.visit!;
      if (visit.household && !visit.household.isNew) return hostError('invalid_state', 'a registered household is chosen for this visit');
      const claimed = await ctx.cloud.claimHandoff({ code, birthDate }, claimKey(visit.visitId, code, birthDate));
      if (claimed.members.length === 0 || claimed.members.length > 20) return hostError('invalid_state', 'the handoff holds no household the counter can take');
      return ctx.store.apply({ type: 'intakeStarted', draft: handoffDraft(ctx.newId(), claimed.members) });
    },
  }),
];
