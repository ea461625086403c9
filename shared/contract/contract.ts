import { z } from 'zod';
import { BUNDLED_LANGUAGES } from '../domain/languages';
import type { HostResult } from './errors';
import { HandoffCode, INTAKE_SOURCES, SecondFactor, SecurityEventsResponse, proxySignatureFields } from '../api/schemas';
import { IntakeEditSchema } from '../session/intake';
import { EventDetailsSchema, ResidentHitSchema, VisitLifeEventSchema } from '../session/visit';
import { CardImagesSchema, CustomerViewSchema, DevicesViewSchema, HostInfoSchema, PrintJobViewSchema, StaffViewSchema } from './views';
import { WINDOWS, type WindowRole } from './windows';

/**
 * THE contract between windows and the host: every call a window can make and every event the host pushes,
 * each with its schemas and the window roles allowed to use it. Electron IPC registration, the preload
 * bridges, the browser host's WebSocket and the renderer's types are all derived from this one object;
 * there is no other way for a window to reach the host (no generic send/invoke).
 */

/** The window roles: one per window of the registry (windows.ts), so a role always has a window to use it. */
export type Role = WindowRole;
export const ROLES = Object.keys(WINDOWS) as readonly Role[];

/** Idempotency key of a mutating call: made once per user action, reused on every retry of that action. */
export const RequestIdSchema = z.uuid();

interface InvokeDef<I extends z.ZodType, O extends z.ZodType, R extends readonly Role[]> {
  readonly kind: 'invoke';
  readonly roles: R;
  readonly input: I;
  readonly output: O;
  /** Mutating calls carry `requestId` and are answered once per id, however often they arrive. */
  readonly mutating: boolean;
}

interface EventDef<P extends z.ZodType, R extends readonly Role[]> {
  readonly kind: 'event';
  readonly roles: R;
  readonly payload: P;
}

export type ChannelDef = InvokeDef<z.ZodType, z.ZodType, readonly Role[]> | EventDef<z.ZodType, readonly Role[]>;

function query<O extends z.ZodType, const R extends readonly Role[]>(roles: R, output: O) {
  return { kind: 'invoke', roles, input: z.strictObject({}), output, mutating: false } as const satisfies InvokeDef<
    z.ZodType,
    O,
    R
  >;
}

/** A read that takes parameters (not mutating, no requestId). */
function lookup<S extends z.ZodRawShape, O extends z.ZodType, const R extends readonly Role[]>(roles: R, shape: S, output: O) {
  const input = z.strictObject(shape);
  return { kind: 'invoke', roles, input, output, mutating: false } as const satisfies InvokeDef<typeof input, O, R>;
}

function command<S extends z.ZodRawShape, O extends z.ZodType, const R extends readonly Role[]>(
  roles: R,
  shape: S,
  output: O,
) {
  const input = z.strictObject({ requestId: RequestIdSchema, ...shape });
  return { kind: 'invoke', roles, input, output, mutating: true } as const satisfies InvokeDef<typeof input, O, R>;
}

function event<P extends z.ZodType, const R extends readonly Role[]>(roles: R, payload: P) {
  return { kind: 'event', roles, payload } as const satisfies EventDef<P, R>;
}

const Language = z.enum(BUNDLED_LANGUAGES);
const StaffSecondFactor = z.discriminatedUnion('kind', [...SecondFactor.options, z.object({ kind: z.literal('cardReader') })]);
const Ack = z.object({ rev: z.number().int() });

export const CatalogChoiceSchema = z.object({ procedureId: z.string(), department: z.string(), feeYen: z.number().int(), title: z.string() });

export const contract = {
  // Reads: a window that loads or reloads asks for a snapshot first, then applies newer pushes only.
  getHostInfo: query(['staff', 'customer'], HostInfoSchema),
  getStaffSnapshot: query(['staff'], StaffViewSchema),
  getCustomerSnapshot: query(['customer'], CustomerViewSchema),

  // Staff sign-in to the cloud backend. The password and second factor pass through to the backend and are
  // neither kept nor logged; the backend's session token stays inside the host.
  // `cardReader`: the host reads the staff IC card's UID on the counter's reader itself.
  signIn: command(['staff'], { loginId: z.string().min(1).max(64), password: z.string().min(1).max(256), secondFactor: StaffSecondFactor }, Ack),
  signOut: command(['staff'], {}, Ack),

  // Identifying the resident and the event.
  searchResidents: lookup(['staff'], { q: z.string().trim().min(1).max(100), birthDate: z.iso.date().optional() }, z.object({ results: z.array(ResidentHitSchema) })),
  listCatalog: query(['staff'], z.object({ procedures: z.array(CatalogChoiceSchema) })),
  // The 手続き案内書 of the current visit as an A4 PDF (Electron printToPDF; Chromium in the browser host).
  exportGuidePdf: query(['staff'], z.object({ fileName: z.string(), pdfBase64: z.string() })),

  // Counter devices (IC card reader, scanners, printer), driven by the host. The PIN and the residence-card
  // number go to the host only: never logged, never kept, never shown or sent to the customer window.
  getDevices: query(['staff'], DevicesViewSchema),
  // "Search again": enumerate the scanner and ask the printer for its status now (where hot-plug has no
  // signal, or after IT re-cabled a counter). Reads no card and prints nothing.
  refreshDevices: command(['staff'], {}, DevicesViewSchema),
  // Tries left on the My Number card's 券面事項入力補助 PIN (asking does not use a try).
  getCardPinTries: query(['staff'], z.object({ triesLeft: z.number().int().min(0).max(15), locked: z.boolean() })),
  readMyNumberCard: command(['staff'], { pin: z.string().regex(/^\d{4}$/) }, Ack),
  readResidenceCard: command(['staff'], { cardNumber: z.string().regex(/^[A-Za-z0-9]{12}$/) }, Ack),
  // The pictures of the residence card read in this visit's identification (face photo, name, address), for
  // staff to compare; fetched once per read instead of riding on every view push.
  getIdentificationImages: query(['staff'], z.object({ images: CardImagesSchema.nullable() })),
  // The 個人番号 from the card on the reader, for the forms of this visit that legally need it (番号法). It stays
  // in the host: the views only learn whose number was read, and it leaves only inside those forms.
  readIndividualNumber: command(['staff'], { pin: z.string().regex(/^\d{4}$/) }, Ack),
  // A keyboard-wedge scan decoded in the staff window (shared/devices/keyboard-wedge); HID POS scans reach the
  // host directly. An MRZ identifies the resident like a card read does.
  submitScan: command(['staff'], { text: z.string().min(1).max(1000) }, Ack),
  // The finished visit's receipt on the counter's printer: printed once per receipt number however often this
  // is called; a reprint is a staff decision (after an unknown outcome or a lost slip) and is marked 再発行.
  printReceipt: command(['staff'], {}, PrintJobViewSchema),
  reprintReceipt: command(['staff'], { jobId: z.string().min(1).max(100) }, PrintJobViewSchema),
  getReceiptJob: query(['staff'], z.object({ job: PrintJobViewSchema.nullable() })),
  // The receipt as the printer will print it (SVG, raster lines embedded), for the staff preview.
  getReceiptPreview: query(['staff'], z.object({ svg: z.string() })),
  // Diagnostics: a test slip (no personal data) and the demo's virtual cards.
  testPrint: command(['staff'], {}, PrintJobViewSchema),
  testCardRead: query(['staff'], z.object({ kind: z.enum(['mynumber', 'residence', 'staff', 'unknown']), atr: z.string(), pinTriesLeft: z.number().int().nullable() })),
  simulateCard: command(['staff'], { card: z.enum(['mynumber', 'residence', 'staff', 'none']) }, Ack),

  // Staff commands: the counter session changes only through these.
  startVisit: command(['staff'], {}, Ack),
  selectHousehold: command(['staff'], { householdId: z.uuid() }, Ack),
  // 転入 of people not in the register yet (shared/session/intake.ts), in the identification step: the host owns
  // the draft and makes every id; the form sends what is typed as it is typed; a residence-card read or an MRZ
  // scan meanwhile fills the draft instead of searching the register. Confirmed, it is the visit's household.
  startIntake: command(['staff'], { source: z.enum(INTAKE_SOURCES) }, Ack),
  editIntake: command(['staff'], { edit: IntakeEditSchema }, Ack),
  addIntakeMember: command(['staff'], { foreign: z.boolean().default(false) }, Ack.extend({ residentId: z.string() })),
  removeIntakeMember: command(['staff'], { residentId: z.uuid() }, Ack),
  confirmIntake: command(['staff'], {}, Ack),
  cancelIntake: command(['staff'], {}, Ack),
  // 特例転入 from another member town of this cloud: the code printed on the family's 転出 paper and one member's
  // birth date claim the 転出証明書 items from the backend (once); they fill the intake draft (source 'handoff').
  // The code goes to the host only: never logged or kept (the request memo keeps a hash of the inputs).
  claimHandoff: command(['staff'], { code: HandoffCode, birthDate: z.iso.date() }, Ack),
  // The other member towns (a 転出 to one of them is handed off by the submission): codes and names.
  listMemberTowns: query(['staff'], z.object({ towns: z.array(z.object({ tenantId: z.string(), nameJa: z.string() })) })),
  // A submitted 転出 whose handoff could not be made (the receipt stands): try again, as the same request to the backend.
  retryHandoff: command(['staff'], {}, Ack),
  // The supervisor's list of this tenant's security events (ids and codes only), newest first; `before` pages on.
  // The backend answers only supervisors and tenant admins (a clerk gets a refusal).
  listSecurityEvents: lookup(['staff'], { before: z.string().max(80).optional() }, SecurityEventsResponse),
  chooseLifeEvent: command(['staff'], { lifeEvent: VisitLifeEventSchema, details: EventDetailsSchema }, Ack),
  setProcedure: command(['staff'], { procedureId: z.string().min(1).max(64), residentId: z.string().nullable(), included: z.boolean(), note: z.string().max(500) }, Ack),
  // Undoes the last change of the open visit; called again, the one before (a bounded history).
  undo: command(['staff'], {}, Ack),
  // 代筆: the resident cannot sign, so the signed-in clerk writes their name for them, with the reason (the
  // note is required for 'other'). Only in the signature step, after the confirmation, before any signature;
  // undo takes it back. The customer view learns only that the visit is signed.
  signByProxy: command(['staff'], proxySignatureFields, Ack),
  submitVisit: command(['staff'], {}, Ack),
  setCustomerLanguage: command(['staff'], { language: Language }, Ack),
  nextStep: command(['staff'], {}, Ack),
  previousStep: command(['staff'], {}, Ack),
  setStaffNote: command(['staff'], { text: z.string().max(2000) }, Ack),
  endVisit: command(['staff'], {}, Ack),

  // The resident picks their language, confirms what was filled in, and signs. Nothing else there changes
  // the session.
  chooseLanguage: command(['customer'], { language: Language }, Ack),
  confirm: command(['customer'], {}, Ack),
  sign: command(['customer'], { svg: z.string().min(1).max(200_000) }, Ack),

  // Pushes from the host. Each role gets its own projection; nothing else is ever pushed.
  staffViewChanged: event(['staff'], StaffViewSchema),
  devicesChanged: event(['staff'], DevicesViewSchema),
  customerViewChanged: event(['customer'], CustomerViewSchema),
} as const satisfies Record<string, ChannelDef>;

export type Contract = typeof contract;
export type ChannelName = keyof Contract;

/** The name the preload API has on `window` in every Madoguchi window (Electron only). */
export const BRIDGE_GLOBAL = 'madoguchi';

/** The wire name of a channel (Electron IPC channel, WebSocket message channel). Prefixed like VS Code's. */
export function wireChannel(name: ChannelName): string {
  return `madoguchi:${name}`;
}

export function isChannelName(name: string): name is ChannelName {
  return Object.prototype.hasOwnProperty.call(contract, name);
}

export function isInvokeName(name: string): name is InvokeName {
  return isChannelName(name) && contract[name].kind === 'invoke';
}

export function channelAllows(name: ChannelName, role: Role): boolean {
  return (contract[name].roles as readonly Role[]).includes(role);
}

type Def<K extends ChannelName> = Contract[K];

export type InvokeName = { [K in ChannelName]: Def<K> extends { kind: 'invoke' } ? K : never }[ChannelName];
export type EventName = { [K in ChannelName]: Def<K> extends { kind: 'event' } ? K : never }[ChannelName];

export type InputOf<K extends InvokeName> = z.input<Def<K>['input']>;
export type OutputOf<K extends InvokeName> = z.output<Def<K>['output']>;
export type PayloadOf<K extends EventName> = z.output<Def<K>['payload']>;

type RolesOf<K extends ChannelName> = Def<K>['roles'][number];

export type InvokeNamesFor<R extends Role> = { [K in InvokeName]: R extends RolesOf<K> ? K : never }[InvokeName];
export type EventNamesFor<R extends Role> = { [K in EventName]: R extends RolesOf<K> ? K : never }[EventName];

/**
 * The API a window of role R gets: one method per allowed call and one subscription per allowed event.
 * Implemented by the Electron preload bridge and the browser host's WebSocket bridge alike.
 */
export interface HostApi<R extends Role> {
  readonly role: R;
  readonly call: { readonly [K in InvokeNamesFor<R>]: (input: InputOf<K>) => Promise<OutputOf<K>> };
  readonly on: { readonly [K in EventNamesFor<R>]: (listener: (payload: PayloadOf<K>) => void) => () => void };
}

/**
 * What a transport exposes (the Electron preload, the WebSocket bridge): the same shape, but calls resolve to
 * the HostResult envelope. Envelopes, not thrown errors, cross contextBridge, because it drops custom
 * properties (our error `code`) from Error objects. `toHostApi` turns this into HostApi inside the page.
 */
export interface RawHostApi<R extends Role> {
  readonly role: R;
  readonly call: { readonly [K in InvokeNamesFor<R>]: (input: InputOf<K>) => Promise<HostResult<OutputOf<K>>> };
  readonly on: HostApi<R>['on'];
}

export function invokeNamesFor(role: Role): InvokeName[] {
  return (Object.keys(contract) as ChannelName[]).filter(
    (name): name is InvokeName => contract[name].kind === 'invoke' && channelAllows(name, role),
  );
}

export function eventNamesFor(role: Role): EventName[] {
  return (Object.keys(contract) as ChannelName[]).filter(
    (name): name is EventName => contract[name].kind === 'event' && channelAllows(name, role),
  );
}
