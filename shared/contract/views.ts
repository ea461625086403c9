import { z } from 'zod';
import { BUNDLED_LANGUAGES } from '../domain/languages';
import { VISIT_STEPS } from '../session/steps';
import {
  EventDetailsSchema,
  IdentificationSchema,
  ProcedureLineSchema,
  VisitHouseholdSchema,
  VisitLifeEventSchema,
  VisitResultSchema,
} from '../session/visit';
import { DeviceErrorReportSchema } from '../devices/errors';
import { PrintJobKindSchema, PrintJobStateSchema } from '../devices/print-jobs';
import { PROXY_SIGNATURE_REASONS } from '../api/schemas';
import { IntakeDraftSchema } from '../session/intake';
import { REFUSAL_REASONS } from '../rules/residence';

// A visit's own shapes (members, event details, procedure lines, identification…) are the session's schemas:
// the staff view shows the session as it is. The resident search result is re-exported for the windows.
export { ResidentHitSchema, type ResidentHit } from '../session/visit';

/**
 * The residence card's pictures for staff to compare with the card and the person (the name, and on gen 2 the
 * address, exist on the chip only as pictures). PNG data URLs, decoded in the host; null where the card
 * generation has no such picture or it did not decode. Staff-only, kept in the host for the current read.
 */
const PngDataUrl = z.string().startsWith('data:image/png;base64,');
export const CardImagesSchema = z.object({
  /** Which pictures the card has: gen 1 the face photo and the whole card face; gen 2 the face, name and address. */
  generation: z.union([z.literal(1), z.literal(2)]),
  face: PngDataUrl.nullable(),
  name: PngDataUrl.nullable(),
  address: PngDataUrl.nullable(),
  /** Gen 1: the whole card face. */
  front: PngDataUrl.nullable(),
});
export type CardImages = z.infer<typeof CardImagesSchema>;

/** The counter's devices as the staff window and diagnostics see them. */
export const DevicesViewSchema = z.object({
  cardReader: z.object({
    status: z.enum(['ready', 'no_reader', 'unavailable', 'disabled']),
    driver: z.string(),
    reader: z.string().nullable(),
    card: z.enum(['none', 'mynumber', 'residence', 'staff', 'unknown']),
  }),
  scanner: z.object({
    status: z.enum(['ready', 'none', 'unavailable', 'disabled']),
    driver: z.string(),
    /** Keyboard-wedge scanners: the layout they type with; the staff window decodes their bursts by key position. */
    wedgeLayout: z.enum(['us', 'jis']).nullable(),
    /**
     * What tells the host a HID scanner was plugged in or pulled out: Linux's /dev/hidraw* nodes, the `usb`
     * package's attach events, or nothing (then only "search again" finds a scanner plugged in later).
     * Null for keyboard-wedge scanners, which the OS handles as keyboards.
     */
    hotplug: z.enum(['hidraw', 'usb', 'none']).nullable(),
  }),
  printer: z.object({
    status: z.enum(['ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'error', 'unknown', 'disabled']),
    driver: z.string(),
    address: z.string().nullable(),
    /** Jobs whose outcome is unknown: staff must look at the printer and decide on a reprint. */
    unknownJobs: z.number().int().nonnegative(),
  }),
  /** Demo counters: the virtual cards staff can put on the simulated reader. */
  simulator: z.object({ cards: z.array(z.enum(['mynumber', 'residence', 'staff'])) }).nullable(),
  lastError: DeviceErrorReportSchema.extend({ device: z.enum(['cardReader', 'scanner', 'printer']), at: z.string() }).nullable(),
});
export type DevicesView = z.infer<typeof DevicesViewSchema>;

/** A print job as staff see it (the ledger's state: see shared/devices/print-jobs); the device layer returns it as is. */
export const PrintJobViewSchema = z.object({
  jobId: z.string(),
  kind: PrintJobKindSchema,
  number: z.string(),
  state: PrintJobStateSchema,
  reprintOf: z.string().nullable(),
  warnings: z.array(z.string()),
  error: DeviceErrorReportSchema.nullable(),
});
export type PrintJobView = z.infer<typeof PrintJobViewSchema>;

/** What the staff window sees: the whole counter session (never the backend session token). */
export const StaffViewSchema = z.object({
  rev: z.number().int().nonnegative(),
  terminalId: z.string(),
  customerDisplay: z.enum(['connected', 'missing']),
  staff: z
    // sessionExpired: the backend sign-in has ended; the screen asks the same clerk to sign in again, the visit stays.
    .object({ displayName: z.string(), role: z.string(), tenantId: z.string(), tenantName: z.string(), sessionExpired: z.boolean().optional() })
    .nullable(),
  visit: z
    .object({
      visitId: z.string(),
      startedAt: z.string(),
      step: z.enum(VISIT_STEPS),
      customerLanguage: z.enum(BUNDLED_LANGUAGES).nullable(),
      staffNote: z.string(),
      household: VisitHouseholdSchema.nullable(),
      lifeEvent: VisitLifeEventSchema.nullable(),
      details: EventDetailsSchema.nullable(),
      identification: IdentificationSchema.nullable(),
      /** 転入 of people not in the register: the intake form's draft (staff-only; never in the customer view). */
      intake: IntakeDraftSchema.nullable(),
      /** Members whose 個人番号 the host holds for this visit's forms (never the number itself). */
      individualNumberRead: z.array(z.string()),
      procedures: z.array(ProcedureLineSchema),
      confirmedAt: z.string().nullable(),
      signed: z.boolean(),
      /** 代筆: the clerk wrote the resident's name for them (staff-only, never in the customer view). */
      proxySignature: z
        .object({ staffName: z.string(), reason: z.enum(PROXY_SIGNATURE_REASONS), note: z.string(), writtenName: z.string(), at: z.string() })
        .nullable(),
      result: VisitResultSchema.nullable(),
      canUndo: z.boolean(),
      /** Why "next" is not possible yet (null when it is). */
      blocker: z.string().nullable(),
    })
    .nullable(),
});
export type StaffView = z.infer<typeof StaffViewSchema>;

/**
 * What the customer-facing screen sees. Strict objects: the host parses every customer push with this schema
 * before it leaves, so a field added to the session by mistake fails loudly instead of reaching the resident.
 * Only this household's own data, and only from the step where the resident needs it; no ids, no notes, no
 * staff names, no 支援措置 flag. The idle variant carries nothing at all.
 */
export const CustomerViewSchema = z.discriminatedUnion('mode', [
  z.strictObject({ rev: z.number().int().nonnegative(), mode: z.literal('idle') }),
  z.strictObject({
    rev: z.number().int().nonnegative(),
    mode: z.literal('visit'),
    language: z.enum(BUNDLED_LANGUAGES).nullable(),
    step: z.enum(VISIT_STEPS),
    stepIndex: z.number().int().nonnegative(),
    stepCount: z.number().int().positive(),
    lifeEvent: VisitLifeEventSchema.nullable(),
    eventDate: z.string().nullable(),
    newAddress: z.string().nullable(),
    previousAddress: z.string().nullable(),
    /** As the forms will say: the registered name (kana, alphabet), birth date and 続柄 (the Japanese term, e.g. 妻). */
    members: z.array(
      z.strictObject({
        name: z.string(),
        nameKana: z.string().nullable(),
        alphabetName: z.string().nullable(),
        birthDate: z.string(),
        relation: z.string(),
        /** Why this member may not be registered by this 転入 (shared/rules/residence.ts), or null. */
        refusal: z.enum(REFUSAL_REASONS).nullable(),
      }),
    ),
    procedures: z.array(
      z.strictObject({ procedureId: z.string(), member: z.number().int().nullable(), department: z.string(), deadline: z.string().nullable(), feeYen: z.number().int() }),
    ),
    confirmed: z.boolean(),
    signed: z.boolean(),
    receiptNumber: z.string().nullable(),
  }),
]);
export type CustomerView = z.infer<typeof CustomerViewSchema>;

export const HostInfoSchema = z.object({
  /** Which host the window runs on; the browser host exists only for development and tests. */
  platform: z.enum(['electron', 'browser']),
  version: z.string(),
});
export type HostInfo = z.infer<typeof HostInfoSchema>;
