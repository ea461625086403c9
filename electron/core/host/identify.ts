import type { z } from 'zod';
import type { SearchResponse } from '../../../shared/api/schemas';
import { hostError } from '../../../shared/contract';
import type { ResidentHit } from '../../../shared/contract/views';
import { BUNDLED_LANGUAGES } from '../../../shared/domain/languages';
import { VISIT_LIFE_EVENTS } from '../../../shared/session/visit';
import type { IdentityRead } from '../devices/port';
import { asHostError, handle, type Ack, type Granted, type HostContext } from './handler';
import { fillIntake, intakeOpen } from './intake';
import { visitMember } from './visit-member';

/** A search result as staff see it: who, and what tells people of one name apart (birth date, sex, address). */
function residentHit(r: z.infer<typeof SearchResponse>['results'][number]): ResidentHit {
  return { residentId: r.residentId, householdId: r.householdId, name: r.name, nameKana: r.nameKana, alphabetName: r.alphabetName, birthDate: r.birthDate, sex: r.sex, address: r.address, supportMeasure: r.supportMeasure };
}

/**
 * Matches what a card or document says against the resident register and records the read in the visit
 * (staff-only). Nothing is recorded unless the whole read succeeded; staff still choose the household.
 * Runs inside the queue (every caller holds it), so the visit it checks is the one it records into.
 */
async function identify(ctx: HostContext, identity: IdentityRead): Promise<Ack> {
  const visit = ctx.store.state.visit;
  if (visit?.step !== 'identify') return hostError('invalid_state', 'cards are read in the identification step');
  // 転入 of people not registered yet: the read fills the intake form; searching the register would find no one.
  if (intakeOpen(visit)) return fillIntake(ctx, identity);
  const { residenceCardNumber, images, nationality: _n, residenceStatus: _s, periodOfStay: _p, stayExpiresOn: _e, ...shown } = identity;
  const found = residenceCardNumber
    ? await ctx.cloud.searchByResidenceCard(residenceCardNumber)
    : identity.name || identity.alphabetName
      ? await ctx.cloud.searchResidents((identity.name ?? identity.alphabetName)!, identity.birthDate ?? undefined)
      : { results: [] };
  const readAt = ctx.now().toISOString();
  const result = ctx.store.apply({ type: 'identified', identification: { ...shown, readAt, matches: found.results.map(residentHit) } });
  if (result.ok) ctx.store.visitData.setCardImages(visit.visitId, readAt, images);
  return result;
}

/**
 * A pre-application QR code: its answers come from the backend (the code holds only an id and a MAC), the
 * resident is matched like a card read, and the life-event step starts from what they entered online.
 * Inside the queue, like `identify`.
 */
async function fromPreApplication(ctx: HostContext, applicationId: string): Promise<Ack> {
  const pre = await ctx.cloud.preApplication(applicationId);
  const language = BUNDLED_LANGUAGES.find((code) => code === pre.language);
  if (language && ctx.store.state.visit?.customerLanguage === null) ctx.store.apply({ type: 'setCustomerLanguage', language });
  const lifeEvent = VISIT_LIFE_EVENTS.find((event) => event === pre.lifeEvent) ?? null;
  return identify(ctx, {
    source: 'pre_application',
    name: pre.name,
    alphabetName: null,
    birthDate: pre.birthDate,
    sex: null,
    address: null,
    signature: null,
    prefill: { lifeEvent, eventDate: pre.eventDate, newAddress: pre.newAddress, previousAddress: pre.previousAddress },
  });
}

/**
 * revalidate: a card read (PIN, secure messaging) can take seconds, so it runs outside the queue; its result
 * lands only if, when its turn comes, the visit is the one it was read for and still in identification.
 */
async function readCardThenIdentify(ctx: Granted<'staff' | 'devices'>, read: () => Promise<IdentityRead>): Promise<Ack> {
  const visitId = ctx.store.state.visit?.visitId;
  const identity = await read();
  return ctx.store.serial(() =>
    ctx.store.state.visit?.visitId === visitId ? identify(ctx, identity) : hostError('invalid_state', 'the visit changed while the card was read'),
  );
}

/** HID POS scans reach the host directly and identify like a keyboard-wedge scan: queued like any command. */
export function identifyScans(ctx: HostContext): void {
  ctx.devices?.onScan((scan) => {
    if (scan.kind === 'barcode') return;
    // hold: whether the counter is signed in and at identification is decided when the scan's turn comes.
    void ctx.store
      .serial(async (): Promise<Ack | null> => {
        const { staff, visit } = ctx.store.state;
        if (visit?.step !== 'identify' || !staff) return null;
        try {
          return await (scan.kind === 'pre_application' ? fromPreApplication(ctx, scan.applicationId) : identify(ctx, scan.identity));
        } catch (error) {
          return asHostError(error, ctx, 'scanner', { channel: 'scan' });
        }
      })
      .then((result) => {
        if (result && !result.ok) ctx.log({ level: 'warn', event: 'scan.identify_failed', code: result.error.code });
      });
  });
}

export const identifyHandlers = [
  // outside: the search only answers; it changes nothing in the session.
  handle('searchResidents', {
    queue: 'outside',
    needs: ['staff'],
    run: async ({ q, birthDate }, ctx) => ({ ok: true, value: { results: (await ctx.cloud.searchResidents(q, birthDate)).results.map(residentHit) } }),
  }),
  // hold: the household fetched is applied to the visit it was chosen in.
  handle('selectHousehold', {
    queue: 'hold',
    needs: ['staff'],
    step: 'identify',
    run: async ({ householdId }, ctx) => {
      const household = await ctx.cloud.household(householdId);
      return ctx.store.apply({ type: 'householdSelected', household: { householdId: household.householdId, address: household.address, members: household.members.map(visitMember) } });
    },
  }),
  // revalidate (both card reads): the read runs outside the queue, its result lands only on the same visit.
  handle('readMyNumberCard', {
    queue: 'revalidate',
    needs: ['staff', 'devices'],
    device: 'cardReader',
    step: 'identify',
    run: ({ pin }, ctx) => readCardThenIdentify(ctx, () => ctx.devices.readMyNumberCard(pin)),
  }),
  handle('readResidenceCard', {
    queue: 'revalidate',
    needs: ['staff', 'devices'],
    device: 'cardReader',
    step: 'identify',
    run: ({ cardNumber }, ctx) => readCardThenIdentify(ctx, () => ctx.devices.readResidenceCard(cardNumber.toUpperCase())),
  }),
  // hold: decoding is instant; the pre-application fetch and the register search happen in the queue.
  handle('submitScan', {
    queue: 'hold',
    needs: ['staff', 'devices'],
    device: 'scanner',
    step: 'identify',
    run: ({ text }, ctx) => {
      const scan = ctx.devices.parseScan(text);
      if (scan.kind === 'pre_application') return fromPreApplication(ctx, scan.applicationId);
      if (scan.kind !== 'identity') return hostError('invalid_state', 'this scan does not identify a resident');
      return identify(ctx, scan.identity);
    },
  }),
  // outside: asking the card does not use a try and changes nothing.
  handle('getCardPinTries', {
    queue: 'outside',
    needs: ['staff', 'devices'],
    device: 'cardReader',
    step: 'identify',
    run: async (_input, ctx) => ({ ok: true, value: await ctx.devices.pinTriesLeft() }),
  }),
  // outside: a pure read of the pictures of the read the visit shows now.
  handle('getIdentificationImages', {
    queue: 'outside',
    needs: ['staff'],
    run: (_input, ctx) => {
      const visit = ctx.store.state.visit;
      return { ok: true, value: { images: visit ? ctx.store.visitData.cardImages(visit.visitId, visit.identification?.readAt) : null } };
    },
  }),
];
