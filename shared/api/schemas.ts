import { z } from 'zod';
import { RESIDENT_DEFAULT_LANGUAGE } from '../domain/languages';
import { HEALTH_INSURANCES, PENSIONS, RESIDENT_KINDS } from '../rules/types';

/**
 * The cloud backend's HTTP contract (server/ implements it; the counter host's cloud client will call it).
 * Published as OpenAPI at GET /openapi.json, generated from these schemas.
 */

export const TenantId = z.string().regex(/^\d{6}$/, 'a 6-digit local-government code').describe('地方公共団体コード');
export const Uuid = z.uuid();
export const IsoDate = z.iso.date();

/** The one error shape. `message` is written for the clerk (Japanese); `code` is stable for programs. */
export const ApiErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;

export const StaffRole = z.enum(['counter', 'department', 'supervisor', 'tenant_admin']);

export const SecondFactor = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('card'), uid: z.string().regex(/^[0-9A-Fa-f]{8,20}$/).describe('staff IC card UID (hex)') }),
  z.object({ kind: z.literal('totp'), code: z.string().regex(/^\d{6}$/) }),
]);

export const LoginRequest = z.object({
  tenantId: TenantId,
  terminalId: z.string().min(1).max(64),
  loginId: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
  secondFactor: SecondFactor,
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const StaffProfile = z.object({
  staffId: Uuid,
  tenantId: TenantId,
  displayName: z.string(),
  role: StaffRole,
  department: z.string().nullable(),
  terminalId: z.string(),
});
export type StaffProfile = z.infer<typeof StaffProfile>;

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: z.string(),
  idleTimeoutSeconds: z.number().int(),
  staff: StaffProfile,
  /** The municipality's names, as the tenant configuration holds them (printed headers, the guide). */
  tenant: z.object({ tenantId: TenantId, nameJa: z.string(), nameEn: z.string() }),
});

/** 性別 in the codes of ISO/IEC 5218 (JIS X 0303): 1 male, 2 female, 9 not applicable. */
export const Sex = z.union([z.literal(1), z.literal(2), z.literal(9)]);
export const ResidentKind = z.enum(RESIDENT_KINDS);
export const HealthInsurance = z.enum(HEALTH_INSURANCES);
export const Pension = z.enum(PENSIONS);

export const Resident = z.object({
  residentId: Uuid,
  householdId: Uuid,
  relation: z.string(),
  kind: ResidentKind,
  name: z.string(),
  nameKana: z.string().nullable(),
  furiganaStatus: z.enum(['unconfirmed', 'surname_only', 'given_only', 'confirmed']),
  alphabetName: z.string().nullable(),
  alias: z.string().nullable(),
  aliasKana: z.string().nullable(),
  birthDate: IsoDate,
  sex: Sex,
  nationality: z.string().nullable(),
  residenceCategory: z.string().nullable(),
  residenceStatus: z.string().nullable(),
  periodOfStay: z.string().nullable(),
  stayExpiresOn: IsoDate.nullable(),
  residenceCardNumber: z.string().nullable(),
  healthInsurance: HealthInsurance,
  pension: Pension,
  careCertified: z.boolean(),
  hasMyNumberCard: z.boolean(),
  supportMeasure: z.boolean().describe('支援措置 (DV etc.): handle with care, never read the address aloud'),
  becameResidentOn: IsoDate,
  status: z.enum(['active', 'removed']),
  version: z.number().int(),
});
export type Resident = z.infer<typeof Resident>;

export const ResidentSummary = Resident.pick({
  residentId: true,
  householdId: true,
  name: true,
  nameKana: true,
  alphabetName: true,
  alias: true,
  birthDate: true,
  sex: true,
  kind: true,
  supportMeasure: true,
}).extend({
  /** The household's address, so staff can tell people of the same name apart. */
  address: z.string(),
});

export const SearchQuery = z
  .object({
    q: z.string().trim().min(1).max(100).optional().describe('name (kanji, kana, 通称 or alphabet), 1–100 characters; required unless residenceCardNumber is given'),
    birthDate: IsoDate.optional(),
    /** The 12-character 在留カード番号 read at the counter (exact match; with q, both must match). */
    residenceCardNumber: z.string().regex(/^[A-Za-z0-9]{12}$/).optional().describe('required unless q is given'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .refine((query) => query.q !== undefined || query.residenceCardNumber !== undefined, { message: 'q or residenceCardNumber is required', path: ['q'] });

export const SearchResponse = z.object({ results: z.array(ResidentSummary) });

export const ViewQuery = z.object({
  purpose: z.string().max(64).default('counter_service').describe('why the record is opened (recorded in the audit log)'),
});

export const Household = z.object({
  householdId: Uuid,
  householdNumber: z.string(),
  postalCode: z.string().nullable(),
  address: z.string(),
  members: z.array(Resident),
});

export const CatalogProcedure = z.object({
  procedureId: z.string(),
  lifeEvent: z.string(),
  department: z.string(),
  condition: z.unknown(),
  deadlineDays: z.number().int().nullable(),
  deadlineCountsEventDay: z.boolean().default(false),
  /** What the deadline counts from: the event date, the day a death became known, or the 転出予定日 (shared/rules DEADLINE_BASES). */
  deadlineFrom: z.enum(['event', 'death_known', 'planned_move_out']).default('event'),
  /** The form carries the 個人番号 (番号法): the counter may read it from the My Number card for this procedure only. */
  needsIndividualNumber: z.boolean().default(false),
  feeYen: z.number().int(),
  texts: z.record(z.string(), z.object({ title: z.string(), explanation: z.string(), bring: z.string() })),
  effectiveFrom: IsoDate,
  effectiveTo: IsoDate.nullable(),
});

export const CatalogQuery = z.object({ lifeEvent: z.string().max(32).optional(), on: IsoDate.optional() });
export const CatalogResponse = z.object({ procedures: z.array(CatalogProcedure) });

export const VisitProcedureStatus = z.enum(['waiting', 'in_progress', 'done', 'cancelled']);

/**
 * Text a person wrote: no control characters, no lone surrogate (not text at all; PostgreSQL's jsonb refuses it)
 * and no bidirectional override or isolate (U+202A–202E, U+2066–2069), which would make the name shown on a
 * screen or an audit view read otherwise than what is stored. ZWJ/ZWNJ stay: Devanagari spelling needs them.
 */
export const WrittenText = /^[^\p{Cc}\p{Cs}\u202A-\u202E\u2066-\u2069]*$/u;

/** How the counter learned who is moving in (転入): the paper, the card, the passport, or the other town. */
export const INTAKE_SOURCES = ['moving_out_certificate', 'special_move_in', 'from_abroad', 'handoff'] as const;

/**
 * One person moving in who is not in the register yet, as the 転出証明書 (or the My Number card, the passport
 * and residence card, or another member town's 転出 record) gives them. The counter makes the `residentId` at
 * intake: the visit's procedures and forms refer to it, and it becomes the resident's id when the submission
 * registers them (so a retried submission registers them once).
 */
export const Newcomer = Resident.pick({
  residentId: true,
  relation: true,
  kind: true,
  name: true,
  nameKana: true,
  alphabetName: true,
  birthDate: true,
  sex: true,
  nationality: true,
  residenceCategory: true,
  residenceStatus: true,
  periodOfStay: true,
  stayExpiresOn: true,
  residenceCardNumber: true,
  hasMyNumberCard: true,
}).extend({
  // Typed at the counter (or read from a card): bounded like every other text a person enters, so an over-long or
  // control-character name is a 400 at the door, never a row the register cannot print.
  relation: z.string().trim().min(1).max(20).regex(WrittenText),
  name: z.string().trim().min(1).max(100).regex(WrittenText),
  nameKana: z.string().trim().min(1).max(100).regex(WrittenText).nullable(),
  alphabetName: z.string().trim().min(1).max(100).regex(WrittenText).nullable(),
  /** ISO 3166-1 alpha-2, as the register stores it; required for a foreign member (the backend checks). */
  nationality: z.string().regex(/^[A-Z]{2}$/).nullable(),
  residenceCategory: z.string().trim().min(1).max(50).regex(WrittenText).nullable(),
  residenceStatus: z.string().trim().min(1).max(50).regex(WrittenText).nullable(),
  periodOfStay: z.string().trim().min(1).max(50).regex(WrittenText).nullable(),
  residenceCardNumber: z.string().regex(/^[A-Za-z0-9]{12}$/).nullable(),
  /** 転出証明書: the address they leave (a municipality's address, or a country for 国外転入). */
  previousAddress: z.string().trim().min(1).max(200).regex(WrittenText),
  /** 転出予定日 (or the day they left), from the 転出証明書; null when arriving from abroad. */
  movedOutOn: IsoDate.nullable(),
  /** 本籍 and 筆頭者 (Japanese nationals), from the 転出証明書. */
  honseki: z.string().trim().max(200).regex(WrittenText).nullable(),
  hittousha: z.string().trim().max(100).regex(WrittenText).nullable(),
  /** Arrived from abroad without a residence card yet (issued later): the landing permission instead. */
  landingPermission: z.object({ grantedOn: IsoDate, port: z.string().trim().min(1).max(50).regex(WrittenText) }).nullable(),
});
export type Newcomer = z.infer<typeof Newcomer>;

/** A household moving in, kept pending with the visit and registered by its submission. */
export const NewHousehold = z.object({
  householdId: Uuid,
  address: z.string().trim().min(1).max(200).regex(WrittenText),
  /** The day they started living here (異動日). */
  movedInOn: IsoDate,
  intake: z.enum(INTAKE_SOURCES),
  members: z.array(Newcomer).min(1).max(20),
});
export type NewHousehold = z.infer<typeof NewHousehold>;

export const CreateVisitRequest = z
  .object({
    lifeEvent: z.string().min(1).max(32),
    /** A household already in the register… */
    householdId: Uuid.optional(),
    /** …or one moving in (転入) that is not: pending until the submission registers it. */
    newHousehold: NewHousehold.optional(),
    language: z.string().min(2).max(16).default(RESIDENT_DEFAULT_LANGUAGE),
    procedures: z
      .array(z.object({ procedureId: z.string().min(1).max(64), residentId: Uuid.optional(), reason: z.string().max(500) }))
      .min(1)
      .max(200),
  })
  .refine((body) => body.householdId === undefined || body.newHousehold === undefined, { path: ['newHousehold'], message: 'a registered household and a new one exclude each other' });

export const VisitProcedure = z.object({
  procedureId: z.string(),
  residentId: Uuid.nullable(),
  department: z.string(),
  status: VisitProcedureStatus,
  reason: z.string(),
});

export const Visit = z.object({
  visitId: Uuid,
  lifeEvent: z.string(),
  householdId: Uuid.nullable(),
  status: z.enum(['open', 'finished', 'cancelled']),
  language: z.string(),
  createdAt: z.string(),
  procedures: z.array(VisitProcedure),
  /** The submissions of this visit (receipt number, fee, whether it is signed, and whether by 代筆). */
  submissions: z.array(z.object({ receiptNumber: z.string(), feeYen: z.number().int(), signed: z.boolean(), proxySigned: z.boolean(), createdAt: z.string() })).default([]),
});

export const UpdateProcedureRequest = z.object({ status: VisitProcedureStatus, residentId: Uuid.nullable().default(null) });

export const DepartmentQueueItem = VisitProcedure.extend({ visitId: Uuid, lifeEvent: z.string(), createdAt: z.string() });
export const DepartmentQueue = z.object({ items: z.array(DepartmentQueueItem) });

/**
 * 代筆 (proxy signature): a resident who cannot sign has the clerk write their name for them, the accepted
 * counter practice. Why, from a short fixed list; `other` needs the note to say what.
 */
export const PROXY_SIGNATURE_REASONS = ['visual_impairment', 'hand_impairment', 'literacy', 'other'] as const;
export type ProxySignatureReason = (typeof PROXY_SIGNATURE_REASONS)[number];
/** What the clerk enters for a 代筆, with the same bounds at the counter host and at the backend. */
export const proxySignatureFields = {
  reason: z.enum(PROXY_SIGNATURE_REASONS),
  note: z.string().trim().max(200).regex(WrittenText),
  /** The resident's name as the clerk wrote it for them. */
  writtenName: z.string().trim().min(1).max(100).regex(WrittenText),
};
/** True when a 代筆's reason needs the note and it is empty. */
export function proxyNoteMissing(proxy: { reason: ProxySignatureReason; note: string }): boolean {
  return proxy.reason === 'other' && proxy.note.trim() === '';
}

export const ProxySignature = z
  .object({
    /** The clerk who wrote the name: must be the one submitting (the backend checks it against the session). */
    staffId: Uuid,
    ...proxySignatureFields,
    signedAt: z.iso.datetime(),
  })
  .refine((proxy) => !proxyNoteMissing(proxy), { path: ['note'], message: 'the reason "other" needs a note' });

export const SubmissionRequest = z
  .object({
    // A form's fields are open (each form has its own), but bounded in keys; the body parser bounds their nesting.
    forms: z.array(z.object({ formId: z.string().min(1).max(64), residentId: Uuid.optional(), fields: z.record(z.string().min(1).max(64), z.unknown()).refine((fields) => Object.keys(fields).length <= 200 && JSON.stringify(fields).length <= 64 * 1024, { message: 'at most 200 fields and 64 KB' }) })).max(100),
    /** The fee is computed by the server from the catalog: the client names what, never how much. */
    feeItems: z.array(z.object({ procedureId: z.string().min(1).max(64), count: z.number().int().min(1).max(100) })).max(50).default([]),
    /** The resident's own signature (SVG path data)… */
    signatureSvg: z.string().max(500_000).optional(),
    /** …or the clerk's 代筆 instead of it, never both. */
    proxySignature: ProxySignature.optional(),
  })
  .refine((body) => body.signatureSvg === undefined || body.proxySignature === undefined, { path: ['proxySignature'], message: 'a drawn signature and a 代筆 exclude each other' });

export const SubmissionResponse = z.object({
  submissionId: Uuid,
  visitId: Uuid,
  receiptNumber: z.string(),
  feeYen: z.number().int(),
  createdAt: z.string(),
  /** The visit's new household and residents, registered by this submission (empty for a registered one). */
  registered: z.object({ householdId: Uuid.nullable(), residentIds: z.array(Uuid) }).default({ householdId: null, residentIds: [] }),
});

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  staffId: Uuid.nullable(),
  terminalId: z.string().nullable(),
  action: z.string(),
  residentId: Uuid.nullable(),
  purpose: z.string().nullable(),
  detail: z.unknown(),
});
export const AuditQuery = z.object({
  residentId: Uuid.optional(),
  staffId: Uuid.optional(),
  afterSeq: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
export const AuditResponse = z.object({ entries: z.array(AuditEntry) });
export const AuditVerifyResponse = z.object({ ok: z.boolean(), entries: z.number().int(), firstBrokenSeq: z.number().int().nullable() });

export const IdParam = z.object({ id: Uuid });

/** A pre-application id as its QR code carries it (RFC 4648 Base32 letters, no padding). */
export const PreApplicationIdParam = z.object({ id: z.string().regex(/^[A-Z2-7]{8,32}$/) });

/** 事前申請: what the resident entered online, for the counter to start from (staff still check everything). */
export const PreApplication = z.object({
  applicationId: z.string(),
  lifeEvent: z.string(),
  name: z.string(),
  birthDate: IsoDate,
  eventDate: IsoDate.nullable(),
  newAddress: z.string(),
  previousAddress: z.string(),
  language: z.string().nullable(),
  createdAt: z.string(),
});

/** A document printed or exported at the counter about these residents (every print is audited). */
export const PrintRecordRequest = z.object({
  document: z.string().min(1).max(64),
  residentIds: z.array(Uuid).min(1).max(50),
  visitId: Uuid.optional(),
});
export const PrintRecordResponse = z.object({ entries: z.number().int() });

/**
 * 特例転入 between member towns of this cloud: after a 転出 visit is submitted, the town the residents leave
 * creates a handoff for the town they move to. It holds only the 転出証明書 items; the resident authorises the
 * receiving town by the one-time code printed on their 転出 receipt (and one member's birth date).
 */
export const HandoffCode = z
  .string()
  .trim()
  .max(20)
  .regex(/^[2-9A-HJ-NP-Za-hj-np-z](?:[- ]?[2-9A-HJ-NP-Za-hj-np-z]){9}$/, 'ten letters and digits, as printed on the receipt');

/**
 * A handoff code as it is compared and stored: its letters and digits in upper case, whatever separators or case
 * it was typed with (the backend's hash, the counter's request key and the claim form all read it so).
 */
export function handoffCodeLetters(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

export const CreateHandoffRequest = z.object({
  /** The submitted 転出 (moving_out) visit of these residents. */
  visitId: Uuid,
  /** The member town they move to (its 6-digit code). */
  destinationTenantId: TenantId,
  /** Those who move (members of the visit's household). */
  residentIds: z.array(Uuid).min(1).max(20),
  /** 転出予定日: the handoff can be claimed until 30 days after it. */
  movingOutOn: IsoDate,
});

export const Handoff = z.object({
  handoffId: Uuid,
  visitId: Uuid,
  destinationTenantId: TenantId,
  /** To print on the 転出 receipt (shown once; the backend keeps only a keyed hash of it). */
  code: z.string(),
  expiresOn: IsoDate,
  members: z.number().int(),
});

export const ClaimHandoffRequest = z.object({ code: HandoffCode, birthDate: IsoDate });

/** The other member towns of this cloud (a 転出 to one of them can be handed off): codes and names only. */
export const MemberTownsResponse = z.object({ towns: z.array(z.object({ tenantId: TenantId, nameJa: z.string(), nameEn: z.string() })) });

/** What the receiving town gets: the 転出証明書 items as newcomers, with fresh ids made by the receiving backend. */
export const ClaimedHandoff = z.object({
  handoffId: Uuid,
  sourceTenantId: TenantId,
  members: z.array(Newcomer),
});

/*
 * Bounds of what a client may send (issue 13). Every string has a length, every array a size, every number its
 * real range; a lone surrogate is refused everywhere (the JSON body parser in server/http/input.ts) and control
 * characters in anything a person's name or address is made of (WrittenText). The database holds the same
 * bounds as CHECKs (migration 012), so nothing that passes here is refused there, and a direct INSERT is bounded too.
 */
export const BOUNDS = {
  /** 氏名, カナ, ローマ字, 通称 and its reading: the longest names on a 住民票 are far shorter. */
  name: 100,
  relation: 20,
  address: 200,
  residenceItem: 50,
  /** 手数料: a counter fee is a few thousand yen; anything near a million is a typing error or an attack. */
  feeYen: 1_000_000,
  /** 届出期限: 14 days to a year in practice; 5 years (時効 of public claims) is the longest that is real. */
  deadlineDays: 1830,
  sortOrder: 100_000,
  /** Nesting of any JSON body (a catalog condition is the deepest legitimate one, well under this). */
  jsonDepth: 32,
  /** Keys of an open object such as a form's fields or a catalog entry's texts. */
  recordKeys: 200,
} as const;

/** A bounded line of text a person wrote (see WrittenText). */
export const writtenText = (max: number) => z.string().max(max).regex(WrittenText);
/** A bounded code or id a program made (no spaces or control characters). */
export const codeText = (max: number) => z.string().min(1).max(max).regex(/^[\x21-\x7E]+$/);

/** An open object (a form's fields, a catalog entry's texts) with a bounded number of bounded keys. */
export const boundedRecord = <T extends z.ZodType>(value: T, maxKeys: number = BOUNDS.recordKeys) =>
  z.record(z.string().min(1).max(64), value).refine((record) => Object.keys(record).length <= maxKeys, { message: `at most ${maxKeys} keys` });

/** A resident as an import carries them: the register's bounds (the export writes nothing longer). */
export const ImportedResident = Resident.extend({
  relation: writtenText(BOUNDS.relation).min(1),
  name: writtenText(BOUNDS.name).min(1),
  nameKana: writtenText(BOUNDS.name).nullable(),
  alphabetName: writtenText(BOUNDS.name).nullable(),
  alias: writtenText(BOUNDS.name).nullable(),
  aliasKana: writtenText(BOUNDS.name).nullable(),
  nationality: z.string().regex(/^[A-Z]{2}$/).nullable(),
  residenceCategory: writtenText(BOUNDS.residenceItem).nullable(),
  residenceStatus: writtenText(BOUNDS.residenceItem).nullable(),
  periodOfStay: writtenText(BOUNDS.residenceItem).nullable(),
  residenceCardNumber: z.string().regex(/^[A-Za-z0-9]{12}$/).nullable(),
  version: z.number().int().min(1).max(2_147_483_647),
});

/** A catalog entry as an import carries it: fees and deadlines in their real ranges, texts bounded. */
export const ImportedCatalogProcedure = CatalogProcedure.extend({
  procedureId: codeText(64),
  lifeEvent: codeText(32),
  department: writtenText(64).min(1),
  deadlineDays: z.number().int().min(0).max(BOUNDS.deadlineDays).nullable(),
  feeYen: z.number().int().min(0).max(BOUNDS.feeYen),
  texts: boundedRecord(z.object({ title: z.string().max(200), explanation: z.string().max(4000), bring: z.string().max(2000) }), 20),
  sortOrder: z.number().int().min(0).max(BOUNDS.sortOrder).optional(),
});

// ---- Security events for monitoring (server/security/events.ts): ids and codes only, never personal data.

export const SECURITY_EVENT_CODES = [
  'login_failed', 'login_throttled', 'login_unlocked', 'reference_denied', 'handoff_claim_refused',
  'admin_export', 'admin_import', 'catalog_published', 'audit_verify_failed', 'anomaly',
] as const;
/** A page cursor: the last event's time and id, `<ISO time>/<uuid>`. */
const SecurityCursor = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
export const SecurityEventsQuery = z.object({
  before: SecurityCursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export const SecurityEventEntry = z.object({
  eventId: Uuid,
  at: z.string().max(40),
  code: z.enum(SECURITY_EVENT_CODES),
  severity: z.enum(['alert', 'warning', 'notice', 'info']),
  staffId: Uuid.nullable(),
  terminalId: z.string().max(64).nullable(),
  source: z.string().max(64).nullable(),
  count: z.number().int().nullable(),
  detail: z.record(z.string().max(32), z.union([z.string().max(64), z.number(), z.boolean()])),
});
export const SecurityEventsResponse = z.object({ events: z.array(SecurityEventEntry).max(200), next: SecurityCursor.nullable() });

export const ANOMALY_RULE_KINDS = ['residents_viewed_per_hour', 'login_failures_per_hour', 'outside_opening_hours'] as const;
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
export const AnomalyRule = z
  .object({
    ruleId: z.string().regex(/^[a-z0-9_-]{1,40}$/),
    kind: z.enum(ANOMALY_RULE_KINDS),
    /** The count that must be exceeded in an hour (per staff member; per tenant for login failures). */
    threshold: z.number().int().min(0).max(100000),
    /** Opening hours, Japan time (outside_opening_hours only). */
    opensAt: ClockTime.nullable().default(null),
    closesAt: ClockTime.nullable().default(null),
    enabled: z.boolean().default(true),
  })
  .refine((rule) => rule.kind !== 'outside_opening_hours' || (rule.opensAt !== null && rule.closesAt !== null && rule.opensAt < rule.closesAt), {
    message: 'outside_opening_hours needs opensAt < closesAt',
    path: ['opensAt'],
  });
export const AnomalyRules = z.object({
  rules: z
    .array(AnomalyRule)
    .max(20)
    .refine((rules) => new Set(rules.map((rule) => rule.ruleId)).size === rules.length, { message: 'ruleId must be unique' }),
});
