import { createHash } from 'node:crypto';
import type { z } from 'zod';
import { proxyNoteMissing, type CatalogProcedure, type SearchResponse, type SubmissionRequest } from '../../shared/api/schemas';
import {
  channelAllows,
  contract,
  hostError,
  isInvokeName,
  type EventName,
  type HostInfo,
  type HostResult,
  type InvokeName,
  type OutputOf,
  type PayloadOf,
  type Role,
} from '../../shared/contract';
import { deadlineOf, judgeProcedures } from '../../shared/rules/engine';
import { customerView, sameCustomerContent, staffView } from '../../shared/session/projection';
import { initialSession, reduceSession, type CounterSession, type SessionAction } from '../../shared/session/state';
import { ruleMember } from '../../shared/session/rule-member';
import { prefilledForms } from '../../shared/session/forms';
import { individualNumberNeeds } from '../../shared/session/individual-number';
import { normalizeKanjiName } from '../../shared/domain/name-search';
import { NEWBORN_ID_PREFIX, VISIT_LIFE_EVENTS, type ProcedureLine, type VisitMember } from '../../shared/session/visit';
import { BUNDLED_LANGUAGES } from '../../shared/domain/languages';
import { isDeviceError } from '../../shared/devices/errors';
import type { CardImages, DevicesView, ResidentHit } from '../../shared/contract/views';
import { CloudError, type CloudClient } from './cloud-client';
import type { DevicePort, IdentityRead } from './devices/port';
import { buildQueueTicket, renderPreviewSvg, type PrintDocument } from './devices/print/receipt';
import { receiptJobId, visitReceipt } from './visit-receipt';

/** The diagnostics test slip: the printer's fonts, raster path and cutter, and no personal data at all. */
function testSlip(terminalId: string, issuedAt: string, requestId: string): PrintDocument {
  return buildQueueTicket({
    officeName: '印刷テスト / Test print',
    ticketNumber: 'TEST',
    counterName: terminalId.replace(/[^0-9A-Za-z_-]/g, '-'),
    issuedAt,
    waitingCount: 0,
    statusToken: requestId.replace(/-/g, ''),
    resident: { lang: 'vi', line: 'Kiểm tra máy in — नेपाली — 中文 — 한국어' },
  });
}
import { silentLogger, type Logger } from './log';
import { RequestMemo } from './request-memo';

/** The part of the cloud client the host uses (a fake in unit tests). */
export type CloudPort = Pick<CloudClient, 'login' | 'signOut' | 'searchResidents' | 'searchByResidenceCard' | 'preApplication' | 'household' | 'catalog' | 'createVisit' | 'submit' | 'recordPrint'>;

export interface CounterHostOptions {
  terminalId: string;
  /** The municipality this counter belongs to (its 6-digit code). */
  tenantId: string;
  info: HostInfo;
  newId: () => string;
  now: () => Date;
  cloud: CloudPort;
  /** Prints a page of the app (today: the guidance sheet) to PDF; absent where the host cannot print. */
  renderPdf?: (page: 'guide') => Promise<Uint8Array>;
  /** The counter's card reader, scanners and printer; absent where the host drives none. */
  devices?: DevicePort;
  log?: Logger;
}

/** What the staff window is told when the host drives no devices at all. */
const NO_DEVICES: DevicesView = {
  cardReader: { status: 'disabled', driver: 'none', reader: null, card: 'none' },
  scanner: { status: 'disabled', driver: 'none', wedgeLayout: null, hotplug: null },
  printer: { status: 'disabled', driver: 'none', address: null, unknownJobs: 0 },
  simulator: null,
  lastError: null,
};

/** A device failure as a typed host error: the staff window shows `devices.errors.<code>`. */
function deviceFailure(device: 'cardReader' | 'scanner' | 'printer', error: unknown): HostResult<never> {
  if (isDeviceError(error)) return hostError('device', `${device}: ${error.code}`, { device, code: error.code, params: error.params });
  throw error;
}

type ParsedInput<K extends InvokeName> = z.output<(typeof contract)[K]['input']>;
type Outcome<K extends InvokeName> = HostResult<OutputOf<K>> | Promise<HostResult<OutputOf<K>>>;
type Handler<K extends InvokeName> = (input: ParsedInput<K>, role: Role) => Outcome<K>;
type Catalog = z.infer<typeof CatalogProcedure>[];

export type HostListener = <K extends EventName>(event: K, payload: PayloadOf<K>) => void;

/** A search result as staff see it: who, and what tells people of one name apart (birth date, sex, address). */
function residentHit(r: z.infer<typeof SearchResponse>['results'][number]): ResidentHit {
  return { residentId: r.residentId, householdId: r.householdId, name: r.name, nameKana: r.nameKana, alphabetName: r.alphabetName, birthDate: r.birthDate, sex: r.sex, address: r.address, supportMeasure: r.supportMeasure };
}

/**
 * The host core: owns the counter session and answers the contract. Transport-free — Electron IPC
 * (electron/main/ipc.ts) and the browser host's WebSocket (electron/web-host) both call `invoke` with the
 * role they have established for the caller, and forward what `subscribe` pushes. Talks to the cloud backend
 * through a port. Everything here runs under plain Node; nothing imports Electron.
 */
export class CounterHost {
  private session: CounterSession;
  private lastCustomerPush;
  private readonly memo = new RequestMemo<Promise<HostResult<unknown>>>();
  private readonly listeners = new Set<{ role: Role; listener: HostListener }>();
  private readonly log: Logger;
  /**
   * 個人番号 read for this visit's forms, by resident. 特定個人情報: kept only here (never in the session, a view,
   * a log or the request memo), sent only inside the forms that need it, dropped when the visit ends.
   */
  private individualNumbers: { visitId: string; byResident: Map<string, string> } | null = null;
  /**
   * The pictures of the residence card behind the visit's identification (face photo, name, address): personal
   * data too big to push with every view, so kept here for that one read and fetched by the staff window.
   */
  private cardImages: { visitId: string; readAt: string; images: CardImages } | null = null;
  /** The catalog the current visit was judged with (so "add a procedure" offers the same entries). */
  private catalog: { visitId: string; entries: Catalog } | null = null;

  constructor(private readonly options: CounterHostOptions) {
    this.session = initialSession(options.terminalId);
    this.lastCustomerPush = customerView(this.session);
    this.log = options.log ?? silentLogger;
    options.devices?.onChange((view) => this.emit('devicesChanged', view));
    // A scan from a scanner the host drives (HID POS) identifies like a card read, when the visit is there.
    options.devices?.onScan((scan) => {
      if (scan.kind === 'barcode' || this.session.visit?.step !== 'identify' || !this.session.staff) return;
      void (scan.kind === 'pre_application' ? this.fromPreApplication(scan.applicationId) : this.identify(scan.identity)).then((result) => {
        if (!result.ok) this.log({ level: 'warn', event: 'scan.identify_failed', code: result.error.code });
      });
    });
  }

  private emit<K extends EventName>(event: K, payload: PayloadOf<K>): void {
    for (const { role, listener } of this.listeners) if (channelAllows(event, role)) listener(event, payload);
  }

  /**
   * Validates and runs one call from a window whose role the transport has already established.
   * Never throws: every outcome is a HostResult, so transports have one thing to send back.
   */
  async invoke(role: Role, channel: string, rawInput: unknown): Promise<HostResult<unknown>> {
    if (!isInvokeName(channel)) return hostError('unknown_channel', `no such call: ${channel}`);
    const def = contract[channel];
    if (!channelAllows(channel, role)) {
      this.log({ level: 'warn', event: 'call.forbidden', channel, role });
      return hostError('forbidden', `the ${role} window may not call ${channel}`);
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      // Only the paths of the offending fields: their values may be personal data (or a password).
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
      this.log({ level: 'warn', event: 'call.invalid_input', channel, role, fields: fields.join(',') });
      return hostError('invalid_input', `invalid input for ${channel}`, { fields });
    }

    if (!def.mutating) return this.run(channel, parsed.data, role);

    const input = parsed.data as { requestId: string };
    const key = `${role}:${input.requestId}`;
    // Hashed: the memo outlives the call, and inputs may hold a password or a PIN.
    const fingerprint = createHash('sha256').update(JSON.stringify([channel, parsed.data])).digest('base64');
    const seen = this.memo.lookup(key, fingerprint);
    if (seen === 'conflict') return hostError('invalid_input', 'request id reused for a different request');
    if (seen) return seen.value;
    // The promise is remembered before it settles, so a duplicate arriving meanwhile waits for the same answer.
    const result = this.run(channel, parsed.data, role);
    this.memo.remember(key, fingerprint, result);
    // A transient failure (backend unreachable, sign-in ended, host bug) is not an answer to keep: the same request id may
    // be retried and must then really run again. The backend's own idempotency keys prevent a double effect.
    void result.then((answer) => {
      if (!answer.ok && (answer.error.code === 'unavailable' || answer.error.code === 'internal' || answer.error.code === 'session_expired')) this.memo.forget(key);
    });
    return result;
  }

  /** Pushes for one role. The listener gets only the events that role may receive. */
  subscribe(role: Role, listener: HostListener): () => void {
    const entry = { role, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** Reported by the platform: a customer display (Electron) or customer page (browser host) came or went. */
  setCustomerDisplay(status: CounterSession['customerDisplay']): void {
    this.apply({ type: 'customerDisplayChanged', status });
  }

  private async run(channel: InvokeName, input: unknown, role: Role): Promise<HostResult<unknown>> {
    const handler = this.handlers[channel] as Handler<InvokeName>;
    try {
      const result = await handler(input as never, role);
      if (!result.ok) return result;
      // Outputs are checked too: the customer schemas are strict, so a leak becomes an error, not a disclosure.
      const checked = contract[channel].output.safeParse(result.value);
      if (!checked.success) {
        this.log({ level: 'error', event: 'call.invalid_output', channel, role });
        return hostError('internal', `the host produced an invalid answer for ${channel}`);
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      this.log({ level: 'error', event: 'call.failed', channel, role, error: (error as Error).name });
      return hostError('internal', `the host failed while handling ${channel}`);
    }
  }

  private apply(action: SessionAction): HostResult<{ rev: number }> {
    const result = reduceSession(this.session, action);
    if (!result.ok) return hostError(result.code ?? 'invalid_state', result.reason, result.details);
    if (result.state !== this.session) {
      this.session = result.state;
      this.publish();
    }
    return { ok: true, value: { rev: this.session.rev } };
  }

  private publish(): void {
    const staff = staffView(this.session);
    const customer = contract.customerViewChanged.payload.parse(customerView(this.session));
    const customerChanged = !sameCustomerContent(customer, this.lastCustomerPush);
    this.lastCustomerPush = customer;
    for (const { role, listener } of this.listeners) {
      if (channelAllows('staffViewChanged', role)) listener('staffViewChanged', staff);
      if (customerChanged && channelAllows('customerViewChanged', role)) listener('customerViewChanged', customer);
    }
  }

  /**
   * A failed backend call as a typed host error. An ended sign-in is said as such (never as a generic refusal)
   * and marked in the session, so the staff screen asks the clerk to sign in again while the visit waits.
   */
  private cloudFailure(error: unknown): HostResult<never> {
    if (!(error instanceof CloudError)) throw error;
    if (error.kind === 'session_expired') {
      this.apply({ type: 'backendSessionExpired' });
      this.log({ level: 'warn', event: 'cloud.session_expired' });
      return hostError('session_expired', 'the backend sign-in has ended: sign in again');
    }
    return error.kind === 'unavailable'
      ? hostError('unavailable', 'the cloud backend cannot be reached')
      : hostError('rejected', error.body?.message ?? 'the cloud backend refused', { code: error.body?.code ?? 'rejected', message: error.body?.message ?? '' });
  }

  private requireStaff(): HostResult<never> | null {
    return this.session.staff ? null : hostError('invalid_state', 'sign in first');
  }

  private async judge(lifeEvent: ParsedInput<'chooseLifeEvent'>['lifeEvent'], details: ParsedInput<'chooseLifeEvent'>['details']): Promise<HostResult<{ rev: number }>> {
    const visit = this.session.visit;
    if (!visit?.household) return hostError('invalid_state', 'identify the household first');
    let entries: Catalog;
    try {
      entries = (await this.options.cloud.catalog(lifeEvent, details.eventDate)).procedures;
    } catch (error) {
      return this.cloudFailure(error);
    }
    this.catalog = { visitId: visit.visitId, entries };
    // A birth brings a member who has no record yet: judged under a provisional id, shown to staff and the
    // resident, and sent to the backend as household-level procedures with the newborn's data in the forms.
    const householdMembers = visit.household.members.filter((m) => !m.residentId.startsWith(NEWBORN_ID_PREFIX));
    let newbornId: string | undefined;
    let members = householdMembers;
    if (lifeEvent === 'birth') {
      if (!details.newborn) return hostError('invalid_input', 'a birth needs the newborn', { fields: ['details.newborn'] });
      newbornId = `${NEWBORN_ID_PREFIX}${visit.visitId}`;
      const head = householdMembers.find((m) => m.relation === '世帯主') ?? householdMembers[0];
      members = [
        ...householdMembers,
        {
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
        },
      ];
    }
    let deceasedId: string | undefined;
    if (lifeEvent === 'death') {
      deceasedId = details.deceasedResidentId ?? undefined;
      if (!deceasedId || !householdMembers.some((m) => m.residentId === deceasedId)) {
        return hostError('invalid_input', 'a death needs the deceased member of this household', { fields: ['details.deceasedResidentId'] });
      }
    }
    const judged = judgeProcedures(entries, {
      lifeEvent,
      eventDate: details.eventDate,
      ...(newbornId ? { newbornResidentId: newbornId } : {}),
      ...(deceasedId ? { deceasedResidentId: deceasedId } : {}),
      members: members.map(ruleMember),
    });
    const fee = new Map(entries.map((entry) => [entry.procedureId, entry.feeYen]));
    const needsNumber = new Set(entries.filter((entry) => entry.needsIndividualNumber).map((entry) => entry.procedureId));
    const procedures: ProcedureLine[] = judged.map((j) => ({
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
    const household = { ...visit.household, members };
    return this.apply({ type: 'lifeEventChosen', lifeEvent, details, procedures, household });
  }

  /**
   * Matches what a card or document says against the resident register and records the read in the visit
   * (staff-only). Nothing is recorded unless the whole read succeeded; staff still choose the household.
   */
  private async identify(identity: IdentityRead): Promise<HostResult<{ rev: number }>> {
    const visit = this.session.visit;
    if (!visit || visit.step !== 'identify') return hostError('invalid_state', 'cards are read in the identification step');
    try {
      const { residenceCardNumber, images, ...shown } = identity;
      const found = residenceCardNumber
        ? await this.options.cloud.searchByResidenceCard(residenceCardNumber)
        : identity.name || identity.alphabetName
          ? await this.options.cloud.searchResidents((identity.name ?? identity.alphabetName)!, identity.birthDate ?? undefined)
          : { results: [] };
      const matches: ResidentHit[] = found.results.map(residentHit);
      const readAt = this.options.now().toISOString();
      const result = this.apply({ type: 'identified', identification: { ...shown, readAt, matches } });
      if (result.ok) this.cardImages = images ? { visitId: visit.visitId, readAt, images } : null;
      return result;
    } catch (error) {
      return this.cloudFailure(error);
    }
  }

  /** The finished visit's receipt as receiptline markup (what is printed and previewed). */
  private receiptDocument(): HostResult<{ document: PrintDocument }> {
    const blocked = this.requireStaff();
    if (blocked) return blocked;
    if (!this.options.devices) return hostError('invalid_state', 'this counter has no printer');
    const visit = this.session.visit;
    if (!visit?.result) return hostError('invalid_state', 'the receipt exists once the visit is submitted');
    const catalog = this.catalog?.visitId === visit.visitId ? this.catalog.entries : [];
    return { ok: true, value: { document: visitReceipt(visit, this.session.staff!.tenantName, catalog, visit.result.submittedAt) } };
  }

  /**
   * A pre-application QR code: its answers come from the backend (the code holds only an id and a MAC), the
   * resident is matched like a card read, and the life-event step starts from what they entered online.
   */
  private async fromPreApplication(applicationId: string): Promise<HostResult<{ rev: number }>> {
    let pre;
    try {
      pre = await this.options.cloud.preApplication(applicationId);
    } catch (error) {
      return this.cloudFailure(error);
    }
    const language = BUNDLED_LANGUAGES.find((code) => code === pre.language);
    if (language && this.session.visit && this.session.visit.customerLanguage === null) this.apply({ type: 'setCustomerLanguage', language });
    const lifeEvent = VISIT_LIFE_EVENTS.find((event) => event === pre.lifeEvent) ?? null;
    return this.identify({
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

  private requireIdentifyStep(): HostResult<never> | null {
    if (!this.options.devices) return hostError('invalid_state', 'this counter has no card reader');
    return this.session.visit?.step === 'identify' ? null : hostError('invalid_state', 'cards are read in the identification step');
  }

  private async submit(): Promise<HostResult<{ rev: number }>> {
    const visit = this.session.visit;
    if (!visit?.household || !visit.lifeEvent || !visit.details) return hostError('invalid_state', 'the visit is not complete');
    const { signature } = visit;
    if (!visit.confirmedAt || !signature) return hostError('invalid_state', 'the resident has not confirmed and signed yet');
    if (visit.result) return { ok: true, value: { rev: this.session.rev } };
    const included = visit.procedures.filter((line) => line.included);
    try {
      // Keys derived from the counter's visit id: however often this is retried, the backend applies it once.
      const created = await this.options.cloud.createVisit(
        {
          lifeEvent: visit.lifeEvent,
          householdId: visit.household.householdId,
          language: visit.customerLanguage ?? 'ja',
          procedures: included.map((line) => ({
            procedureId: line.procedureId,
            ...(line.residentId && !line.residentId.startsWith(NEWBORN_ID_PREFIX) ? { residentId: line.residentId } : {}),
            reason: line.reasons.map((r) => r.code).join(',') + (line.note ? ` / ${line.note}` : ''),
          })),
        },
        `${visit.visitId}:visit`,
      );
      const feeItems = [...included.filter((line) => line.feeYen > 0).reduce((counts, line) => counts.set(line.procedureId, (counts.get(line.procedureId) ?? 0) + 1), new Map<string, number>())];
      const submission = await this.options.cloud.submit(
        created.visitId,
        {
          // Forms are filled from the record and the event: the resident writes nothing.
          forms: prefilledForms(visit).map((form) => {
            // The 個人番号 goes only into the forms that legally carry it, for the person it belongs to.
            const line = included.find((l) => l.procedureId === form.formId && (l.residentId ?? undefined) === form.residentId);
            const read = form.residentId !== undefined && visit.individualNumberRead.includes(form.residentId) && this.individualNumbers?.visitId === visit.visitId;
            const number = read && line?.needsIndividualNumber ? this.individualNumbers!.byResident.get(form.residentId!) : undefined;
            return number ? { ...form, fields: { ...form.fields, individualNumber: number } } : form;
          }),
          feeItems: feeItems.map(([procedureId, count]) => ({ procedureId, count })),
          // The resident's drawing, or the 代筆 record in its place (the backend audits who wrote it and why).
          ...(signature.kind === 'drawn'
            ? { signatureSvg: signature.svg }
            : { proxySignature: { staffId: signature.staffId, reason: signature.reason, note: signature.note, writtenName: signature.writtenName, signedAt: signature.at } }),
        } satisfies z.input<typeof SubmissionRequest>,
        `${visit.visitId}:submission`,
      );
      return this.apply({ type: 'visitSubmitted', result: { cloudVisitId: created.visitId, receiptNumber: submission.receiptNumber, feeYen: submission.feeYen, submittedAt: this.options.now().toISOString() } });
    } catch (error) {
      return this.cloudFailure(error);
    }
  }

  private readonly handlers: { [K in InvokeName]: Handler<K> } = {
    getHostInfo: () => ({ ok: true, value: this.options.info }),
    getStaffSnapshot: () => ({ ok: true, value: staffView(this.session) }),
    getCustomerSnapshot: () => ({ ok: true, value: customerView(this.session) }),

    signIn: async ({ loginId, password, secondFactor: given }) => {
      let secondFactor;
      if (given.kind === 'cardReader') {
        // The staff IC card on the counter's reader: its UID is the second factor (never shown or logged).
        if (!this.options.devices) return hostError('invalid_state', 'this counter has no card reader');
        try {
          secondFactor = { kind: 'card' as const, uid: await this.options.devices.readStaffCardUid() };
        } catch (error) {
          return deviceFailure('cardReader', error);
        }
      } else secondFactor = given;
      try {
        const answer = await this.options.cloud.login({ tenantId: this.options.tenantId, terminalId: this.options.terminalId, loginId, password, secondFactor });
        const result = this.apply({ type: 'signedIn', staff: { staffId: answer.staff.staffId, displayName: answer.staff.displayName, role: answer.staff.role, tenantId: answer.staff.tenantId, tenantName: answer.tenant.nameJa } });
        // After an expired sign-in an open visit goes on only under the clerk who began it (the reducer's rule):
        // another clerk's fresh backend session is dropped at once.
        if (!result.ok && result.error.code === 'staff_mismatch') this.options.cloud.signOut();
        return result;
      } catch (error) {
        return this.cloudFailure(error);
      }
    },
    signOut: () => {
      const result = this.apply({ type: 'signedOut' });
      if (result.ok) this.options.cloud.signOut();
      return result;
    },
    getDevices: () => ({ ok: true, value: this.options.devices?.snapshot() ?? NO_DEVICES }),
    getIdentificationImages: () => {
      const blocked = this.requireStaff();
      if (blocked) return blocked;
      const visit = this.session.visit;
      const held = this.cardImages;
      // Only the pictures of the read the visit shows now: a newer read, or another visit, has none of these.
      const current = held && visit && held.visitId === visit.visitId && visit.identification?.readAt === held.readAt;
      return { ok: true, value: { images: current ? held.images : null } };
    },
    refreshDevices: async () => {
      const blocked = this.requireStaff();
      if (blocked) return blocked;
      return { ok: true, value: this.options.devices ? await this.options.devices.refresh() : NO_DEVICES };
    },
    getCardPinTries: async () => {
      const blocked = this.requireStaff() ?? this.requireIdentifyStep();
      if (blocked) return blocked;
      try {
        return { ok: true, value: await this.options.devices!.pinTriesLeft() };
      } catch (error) {
        return deviceFailure('cardReader', error);
      }
    },
    readMyNumberCard: async ({ pin }) => {
      const blocked = this.requireStaff() ?? this.requireIdentifyStep();
      if (blocked) return blocked;
      let identity: IdentityRead;
      try {
        identity = await this.options.devices!.readMyNumberCard(pin);
      } catch (error) {
        return deviceFailure('cardReader', error);
      }
      return this.identify(identity);
    },
    readIndividualNumber: async ({ pin }) => {
      const blocked = this.requireStaff();
      if (blocked) return blocked;
      const visit = this.session.visit;
      if (!this.options.devices) return hostError('invalid_state', 'this counter has no card reader');
      if (!visit?.household || visit.result) return hostError('invalid_state', 'the 個人番号 is read for an open visit with a household');
      const needing = new Set(individualNumberNeeds(visit).map((need) => need.residentId));
      if (needing.size === 0) return hostError('invalid_state', 'no procedure of this visit needs the 個人番号', { reason: 'number_not_needed' });
      let read: { identity: IdentityRead; individualNumber: string };
      try {
        read = await this.options.devices.readIndividualNumber(pin);
      } catch (error) {
        return deviceFailure('cardReader', error);
      }
      // The card must be a household member's whose procedure needs the number; otherwise it is forgotten at once.
      // Names compare as the name search does (spaces, 異体字 such as 髙/高): the card and the register may differ
      // in exactly that. The answer says which case it is, so staff do not take it for a card fault.
      const holder = visit.household.members.find((m) => normalizeKanjiName(m.name) === normalizeKanjiName(read.identity.name ?? '') && m.birthDate === read.identity.birthDate);
      if (!holder) return hostError('invalid_input', 'the card holder is not a member of this household', { reason: 'not_household_member' });
      if (!needing.has(holder.residentId)) return hostError('invalid_state', "none of this person's procedures needs the 個人番号", { reason: 'number_not_needed' });
      if (this.individualNumbers?.visitId !== visit.visitId) this.individualNumbers = { visitId: visit.visitId, byResident: new Map() };
      this.individualNumbers.byResident.set(holder.residentId, read.individualNumber);
      return this.apply({ type: 'individualNumberRead', residentId: holder.residentId });
    },
    readResidenceCard: async ({ cardNumber }) => {
      const blocked = this.requireStaff() ?? this.requireIdentifyStep();
      if (blocked) return blocked;
      let identity: IdentityRead;
      try {
        identity = await this.options.devices!.readResidenceCard(cardNumber.toUpperCase());
      } catch (error) {
        return deviceFailure('cardReader', error);
      }
      return this.identify(identity);
    },
    submitScan: async ({ text }) => {
      const blocked = this.requireStaff() ?? this.requireIdentifyStep();
      if (blocked) return blocked;
      let scan;
      try {
        scan = this.options.devices!.parseScan(text);
      } catch (error) {
        return deviceFailure('scanner', error);
      }
      if (scan.kind === 'pre_application') return this.fromPreApplication(scan.applicationId);
      if (scan.kind !== 'identity') return hostError('invalid_state', 'this scan does not identify a resident');
      return this.identify(scan.identity);
    },
    printReceipt: async () => {
      const prepared = this.receiptDocument();
      if (!prepared.ok) return prepared;
      try {
        const { document } = prepared.value;
        return { ok: true, value: await this.options.devices!.print({ jobId: receiptJobId(document.number), kind: 'receipt', number: document.number, markup: document.markup }) };
      } catch (error) {
        return deviceFailure('printer', error);
      }
    },
    reprintReceipt: async ({ jobId, requestId }) => {
      const blocked = this.requireStaff();
      if (blocked) return blocked;
      if (!this.options.devices) return hostError('invalid_state', 'this counter has no printer');
      try {
        // The reprint's own id comes from the staff action's request id: a retried click reprints once.
        return { ok: true, value: await this.options.devices.reprint(jobId, `reprint:${requestId}`) };
      } catch (error) {
        return deviceFailure('printer', error);
      }
    },
    getReceiptJob: () => {
      const receiptNumber = this.session.visit?.result?.receiptNumber;
      return { ok: true, value: { job: receiptNumber ? (this.options.devices?.printJob(receiptJobId(receiptNumber)) ?? null) : null } };
    },
    getReceiptPreview: () => {
      const prepared = this.receiptDocument();
      if (!prepared.ok) return prepared;
      return { ok: true, value: { svg: renderPreviewSvg(prepared.value.document.markup) } };
    },
    testPrint: async ({ requestId }) => {
      const blocked = this.requireStaff();
      if (blocked) return blocked;
      if (!this.options.devices) return hostError('invalid_state', 'this counter has no printer');
      const document = testSlip(this.options.terminalId, this.options.now().toISOString(), requestId);
      try {
        return { ok: true, value: await this.options.devices.print({ jobId: `test:${requestId}`, kind: 'ticket', number: document.number, markup: document.markup }) };
      } catch (error) {
        return deviceFailure('printer', error);
      }
    },
    testCardRead: async () => {
      if (!this.options.devices) return hostError('invalid_state', 'this counter has no card reader');
      try {
        return { ok: true, value: await this.options.devices.testCardRead() };
      } catch (error) {
        return deviceFailure('cardReader', error);
      }
    },
    simulateCard: ({ card }) => {
      const simulator = this.options.devices?.simulator;
      if (!simulator) return hostError('invalid_state', 'this counter has no simulated card reader');
      simulator.putCard(card);
      return { ok: true, value: { rev: this.session.rev } };
    },
    searchResidents: async ({ q, birthDate }) => {
      const notSignedIn = this.requireStaff();
      if (notSignedIn) return notSignedIn;
      try {
        const { results } = await this.options.cloud.searchResidents(q, birthDate);
        return {
          ok: true,
          value: {
            results: results.map(residentHit),
          },
        };
      } catch (error) {
        return this.cloudFailure(error);
      }
    },
    listCatalog: () => {
      const visit = this.session.visit;
      if (!visit || this.catalog?.visitId !== visit.visitId) return hostError('invalid_state', 'choose the life event first');
      return {
        ok: true,
        value: {
          procedures: this.catalog.entries.map((entry) => ({ procedureId: entry.procedureId, department: entry.department, feeYen: entry.feeYen, title: entry.texts.ja?.title ?? entry.procedureId })),
        },
      };
    },

    exportGuidePdf: async () => {
      const visit = this.session.visit;
      if (!visit?.procedures.some((line) => line.included)) return hostError('invalid_state', 'there are no procedures to list yet');
      if (!this.options.renderPdf) return hostError('unavailable', 'this host cannot print to PDF');
      // Recorded before the document exists: a print that cannot be audited is not made.
      const residentIds = (visit.household?.members ?? []).map((m) => m.residentId).filter((id) => !id.startsWith(NEWBORN_ID_PREFIX));
      if (residentIds.length > 0) {
        try {
          await this.options.cloud.recordPrint(
            { document: 'tetsuzuki_annai', residentIds, ...(visit.result ? { visitId: visit.result.cloudVisitId } : {}) },
            this.options.newId(),
          );
        } catch (error) {
          return this.cloudFailure(error);
        }
      }
      const pdf = await this.options.renderPdf('guide');
      const name = visit.result?.receiptNumber ?? visit.visitId.slice(0, 8);
      return { ok: true, value: { fileName: `tetsuzuki-annai-${name}.pdf`, pdfBase64: Buffer.from(pdf).toString('base64') } };
    },
    startVisit: () => {
      this.individualNumbers = null;
      this.cardImages = null;
      return this.apply({ type: 'startVisit', visitId: this.options.newId(), startedAt: this.options.now().toISOString() });
    },
    selectHousehold: async ({ householdId }) => {
      const notSignedIn = this.requireStaff();
      if (notSignedIn) return notSignedIn;
      if (this.session.visit?.step !== 'identify') return hostError('invalid_state', 'the household is chosen in the identification step');
      try {
        const household = await this.options.cloud.household(householdId);
        const members: VisitMember[] = household.members.map((m) => ({
          residentId: m.residentId,
          name: m.name,
          nameKana: m.nameKana,
          alphabetName: m.alphabetName,
          birthDate: m.birthDate,
          sex: m.sex,
          relation: m.relation,
          kind: m.kind,
          healthInsurance: m.healthInsurance,
          pension: m.pension,
          careCertified: m.careCertified,
          hasMyNumberCard: m.hasMyNumberCard,
          hasResidenceCard: m.residenceCardNumber !== null,
          supportMeasure: m.supportMeasure,
        }));
        return this.apply({ type: 'householdSelected', household: { householdId: household.householdId, address: household.address, members } });
      } catch (error) {
        return this.cloudFailure(error);
      }
    },
    chooseLifeEvent: ({ lifeEvent, details }) => this.judge(lifeEvent, details),
    setProcedure: ({ procedureId, residentId, included, note }) => {
      const visit = this.session.visit;
      const existing = visit?.procedures.find((line) => line.procedureId === procedureId && line.residentId === residentId);
      // A clerk's change to what the rules judged is recorded with its reason.
      const changesJudgement = existing ? existing.source === 'judged' && existing.included !== included : included;
      if (changesJudgement && !note.trim()) return hostError('invalid_input', 'a reason is required to add or remove a procedure', { fields: ['note'] });
      if (existing || !visit) return this.apply({ type: 'procedureSet', procedureId, residentId, included, note });
      const entry = this.catalog?.visitId === visit.visitId ? this.catalog.entries.find((e) => e.procedureId === procedureId) : undefined;
      if (!entry) return hostError('invalid_input', `${procedureId} is not in this municipality's catalog`, { fields: ['procedureId'] });
      if (residentId !== null && !visit.household?.members.some((m) => m.residentId === residentId)) {
        return hostError('invalid_input', 'that person is not in this household', { fields: ['residentId'] });
      }
      return this.apply({
        type: 'procedureSet',
        procedureId,
        residentId,
        included,
        note,
        // A hand-added procedure has the same deadline as if the rules had judged it.
        line: { procedureId, residentId, department: entry.department, deadline: visit.details ? deadlineOf(entry, visit.details.eventDate) : null, feeYen: entry.feeYen, reasons: [{ code: 'added_by_staff', params: {} }], source: 'added', included, note },
      });
    },
    undo: () => this.apply({ type: 'undo' }),
    submitVisit: () => this.submit(),
    setCustomerLanguage: ({ language }) => this.apply({ type: 'setCustomerLanguage', language }),
    chooseLanguage: ({ language }) => this.apply({ type: 'setCustomerLanguage', language }),
    nextStep: () => this.apply({ type: 'nextStep' }),
    previousStep: () => this.apply({ type: 'previousStep' }),
    setStaffNote: ({ text }) => this.apply({ type: 'setStaffNote', text }),
    endVisit: () => {
      const result = this.apply({ type: 'endVisit' });
      if (result.ok) {
        this.individualNumbers = null;
        this.cardImages = null;
      }
      return result;
    },
    confirm: () => this.apply({ type: 'customerConfirmed', at: this.options.now().toISOString() }),
    sign: ({ svg }) => this.apply({ type: 'signatureCaptured', svg }),
    signByProxy: ({ reason, note, writtenName }) => {
      if (proxyNoteMissing({ reason, note })) return hostError('invalid_input', 'a 代筆 for another reason needs a note saying what it is', { fields: ['note'] });
      return this.apply({ type: 'signedByProxy', reason, note, writtenName, at: this.options.now().toISOString() });
    },
  };
}
