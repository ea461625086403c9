import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it, type TestContext } from 'node:test';
import type { InjectOptions } from 'fastify';
import { DEMO_STAFF } from './demo/accounts';
import { DEMO_PRE_APPLICATION_IDS } from './demo/seed';
import { idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

/**
 * Tenant isolation through the HTTP API, as an automated matrix over every path and method in /openapi.json:
 * a 坂祝町 staff session never reads, searches, changes or learns of the existence of a 美濃加茂市 record
 * (404, never data) — and the same in the other direction.
 *
 * The operations come from the published spec, not from a list in this file: a new route is picked up
 * automatically, and the matrix fails loudly until it knows how to aim that route at the other tenant
 * (a path parameter, a uuid query parameter or a request body it cannot fill).
 *
 * Every case is sent three times: with the other tenant's real ids, with random ids of the same kinds (the
 * "phantom": the answer must be byte-for-byte the same, so nothing tells a foreign record from a missing one),
 * and with the session token relabelled to the other tenant (must be 401). Read cases are re-sent by the owning
 * tenant as a control, which must see the data, so a 404 or an empty list is known to be aimed at a real record.
 */

const MINOKAMO = '212113';
const SAKAHOGI = '215015';
/**
 * A third member town, made for this test only: each side hands a family off to it (特例転入), so the other side
 * holds a real code and birth date for a handoff that is not addressed to it.
 */
const THIRD_TOWN = '219991';

/** Operations that hold no tenant data and so are not part of the matrix. Keep this list to these three. */
const SKIPPED = new Map<string, string>([
  // The contract itself (hidden from the spec today; listed in case it is ever published).
  ['GET /openapi.json', 'the API contract'],
  // Liveness probe: no session, no tenant.
  ['GET /healthz', 'liveness probe'],
  // Creates a session in the tenant named in its body; it addresses no tenant record by id.
  ['POST /v1/auth/login', 'session creation'],
]);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const REASON = 'isolation matrix';

interface JsonSchema {
  type?: string | string[];
  format?: string;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}
interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema?: JsonSchema;
}
interface OperationObject {
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, OperationObject>>;
}
interface Op {
  key: string;
  method: string;
  path: string;
  spec: OperationObject;
}

type Role = 'counter' | 'supervisor' | 'admin';
/**
 * not_found: 404 {code, message}, the same answer as for random ids. rejected: 400 or 404 (or `statuses`), the
 * same answer as for random ids. clean: 200 with none of the other tenant's data. refused / copied: imports
 * (see "import" below).
 */
type Expect = 'not_found' | 'rejected' | 'clean' | 'refused' | 'copied';

interface Case {
  label: string;
  expect: Expect;
  role: Role;
  method: string;
  url: string;
  payload?: unknown;
  /** A fixed key (replaying the owner's key); otherwise every send gets a fresh one. */
  key?: string;
  /** What the owning tenant must see when it sends the same request (proves the case hits real data). */
  control?: string;
  /** Send with a session of its own (logout ends the session it is sent with). */
  freshSession?: boolean;
  /** Acceptable refusals, when not 400/404. */
  statuses?: number[];
  /** Writes the other tenant's ids into the caller's tenant: run after all other checks (forward only). */
  deferred?: boolean;
}

interface ExportedResident {
  residentId: string;
  householdId: string;
  name: string;
  nameKana: string | null;
  alphabetName: string | null;
  alias: string | null;
  aliasKana: string | null;
  birthDate: string;
  status: string;
  [field: string]: unknown;
}
interface TenantExport {
  format: string;
  tenantId: string;
  exportedAt: string;
  households: { householdId: string; householdNumber: string; postalCode: string | null; address: string }[];
  residents: ExportedResident[];
  catalog: { procedureId: string; lifeEvent: string; department: string; [field: string]: unknown }[];
  preApplications: { applicationId: string; lifeEvent: string; data: Record<string, string | null>; createdAt: string }[];
}
interface VisitBody {
  visitId: string;
  lifeEvent: string;
  householdId: string | null;
  status: string;
  procedures: { procedureId: string; residentId: string | null; department: string; status: string; reason: string }[];
}

/** The values a case is aimed at: one tenant's real records, or random stand-ins of the same kinds. */
interface Target {
  tenantId: string;
  residentId: string;
  householdId: string;
  visitId: string;
  staffId: string;
  name: string;
  nameKana: string;
  birthDate: string;
  residenceCardNumber: string;
  preApplicationId: string;
  lifeEvent: string;
  procedureId: string;
  procedureResidentId: string;
  /** The departments of the target visit's procedures (one only this tenant has, and one shared if any). */
  departments: string[];
  visitProcedures: { procedureId: string; residentId: string }[];
  createVisitKey: string;
  /** A visit whose household is moving in, kept pending (not registered), and the newcomers' ids. */
  pendingVisitId: string;
  pendingHouseholdId: string;
  pendingResidentIds: string[];
  /** A submitted 転出 with a handoff to the third town: its code, a member's birth date, and the owner's request. */
  handoffVisitId: string;
  handoffCode: string;
  handoffBirthDate: string;
  handoffKey: string;
  handoffBody: { visitId: string; destinationTenantId: string; residentIds: string[]; movingOutOn: string };
  putKey: string;
  putBody: { status: string; residentId: string };
  resident: ExportedResident;
  export: TenantExport;
}

/** The attacker's own records, for requests that point from inside its own data at the other tenant's. */
interface Own {
  visitId: string;
  /** A resident of the attacker's own tenant (to pair with the other tenant's ids). */
  residentId: string;
  procedureId: string;
  lifeEvent: string;
}

interface Side {
  prefix: 'minokamo' | 'sakahogi';
  tenantId: string;
  tokens: Record<Role, string>;
  export: TenantExport;
  catalog: TenantExport['catalog'];
  own: Own;
  target: Target;
  /** The visit as its owner saw it once set up; nothing the other tenant does may change it. */
  visitAsSetUp: VisitBody;
  /** Strings (ids, names, addresses) that must never appear in an answer to the other tenant. */
  secrets: string[];
  residentIds: string[];
  householdIds: string[];
  staffIds: string[];
}

interface Sent {
  status: number;
  text: string;
  json: unknown;
}

let backend: TestBackend;
let spec: OpenApi;
let operations: Op[];
let minokamo: Side;
let sakahogi: Side;
const covered = { forward: new Set<string>(), reverse: new Set<string>() };
const deferred: { op: Op; cases: Case[]; phantoms: Case[] }[] = [];

// ---------------------------------------------------------------------------------------------------------
// Requests

function parse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

async function send(token: string, c: Pick<Case, 'method' | 'url' | 'payload' | 'key'>): Promise<Sent> {
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (c.method !== 'GET') headers['idempotency-key'] = c.key ?? idempotencyKey();
  const response = await backend.app.inject({
    method: c.method as InjectOptions['method'],
    url: c.url,
    headers,
    ...(c.payload === undefined ? {} : { payload: c.payload as InjectOptions['payload'] }),
  });
  return { status: response.statusCode, text: response.body, json: parse(response.body) };
}

function describeSent(sent: Sent): string {
  return `${sent.status} ${sent.text.slice(0, 400)}`;
}

const loginOf = (side: Side, role: Role) => `${side.prefix}.${role}`;

/** A session token claiming the other tenant: the tenant prefix is in clear, so an attacker can rewrite it. */
const relabel = (token: string, tenantId: string) => `${tenantId}${token.slice(6)}`;

function assertNoLeak(sent: Sent, secrets: string[], where: string): void {
  const text = `${sent.text}\n${JSON.stringify(sent.json)}`;
  const leaked = secrets.filter((secret) => text.includes(secret));
  assert.deepEqual(leaked, [], `${where}: the answer reveals the other tenant's data (${sent.status})`);
}

function assertErrorShape(sent: Sent, where: string): void {
  const body = sent.json as Record<string, unknown>;
  assert.equal(typeof body, 'object', `${where}: error body is not JSON: ${describeSent(sent)}`);
  assert.equal(typeof body.code, 'string', `${where}: error has no code: ${describeSent(sent)}`);
  assert.equal(typeof body.message, 'string', `${where}: error has no message: ${describeSent(sent)}`);
  assert.deepEqual(
    Object.keys(body).filter((k) => !['code', 'message', 'details'].includes(k)),
    [],
    `${where}: error body has more than {code, message, details}`,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Building the matrix from the spec

function operationsOf(openapi: OpenApi): Op[] {
  const ops: Op[] = [];
  for (const [path, item] of Object.entries(openapi.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (!HTTP_METHODS.includes(method)) continue;
      ops.push({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, spec: operation });
    }
  }
  return ops;
}

/** The session that passes each route's role check, so the request reaches the data layer. */
function roleFor(op: Op): Role {
  const tags = op.spec.tags ?? [];
  if (tags.includes('admin')) return 'admin';
  if (tags.includes('audit')) return 'supervisor';
  return 'counter';
}

/** Values for one path parameter, aimed at the target tenant. Several values → several cases. */
function pathValues(op: Op, name: string, t: Target): string[] {
  if (name === 'id') {
    const resource = /^\/v1\/([^/]+)\/\{id\}/.exec(op.path)?.[1];
    // A visit both as it is (registered household) and with a household moving in that is still pending.
    const byResource: Record<string, string[]> = { residents: [t.residentId], households: [t.householdId], staff: [t.staffId], visits: [t.visitId, t.pendingVisitId], 'pre-applications': [t.preApplicationId] };
    const ids = resource === undefined ? undefined : byResource[resource];
    if (!ids) throw new Error(`${op.key}: no id of kind "${resource}" to aim {id} at — extend pathValues in isolation-matrix.test.ts`);
    return ids;
  }
  if (name === 'procedureId') return [t.procedureId];
  if (name === 'department') return t.departments;
  throw new Error(`${op.key}: no value for path parameter {${name}} — extend pathValues in isolation-matrix.test.ts`);
}

function pathVariants(op: Op, t: Target): string[] {
  let paths = [op.path];
  for (const [, name] of op.path.matchAll(/\{(\w+)\}/g)) {
    const values = pathValues(op, name!, t);
    paths = paths.flatMap((p) => values.map((v) => p.replace(`{${name}}`, encodeURIComponent(v))));
  }
  return paths;
}

/** Values for a query parameter aimed at the target; undefined: leave it at its default. */
function queryValues(op: Op, p: Parameter, t: Target): string[] | undefined {
  switch (p.name) {
    case 'q':
      return [t.name, t.nameKana];
    case 'birthDate':
      return [t.birthDate];
    case 'residenceCardNumber':
      return [t.residenceCardNumber];
    case 'residentId':
      return [t.residentId];
    case 'staffId':
      return [t.staffId];
    case 'limit':
      return p.schema?.maximum === undefined ? undefined : [String(p.schema.maximum)];
    default:
      if (p.required || p.schema?.format === 'uuid') {
        throw new Error(`${op.key}: no value for query parameter ${p.name} — extend queryValues in isolation-matrix.test.ts`);
      }
      return undefined; // purpose, lifeEvent, on, afterSeq: defaults
  }
}

/** Query strings: every id filled, none (beyond the required), each alone, and each alternative value. */
function queryVariants(op: Op, t: Target): string[] {
  const params = (op.spec.parameters ?? []).filter((p) => p.in === 'query');
  const always = new Map<string, string>();
  const optional = new Map<string, string[]>();
  for (const p of params) {
    const values = queryValues(op, p, t);
    if (!values) continue;
    // q is optional only because a residence card number can stand in for it: treat it as required, and
    // add the card-number-alone variant below.
    if (p.required || p.name === 'limit' || p.name === 'q') {
      always.set(p.name, values[0]!);
      if (values.length > 1) optional.set(p.name, values.slice(1)); // alternatives for a required value
    } else optional.set(p.name, values);
  }
  const encode = (entries: [string, string][]) =>
    entries.length === 0 ? '' : `?${new URLSearchParams([...entries].sort(([a], [b]) => a.localeCompare(b))).toString()}`;
  const base = [...always.entries()];
  const variants = new Set<string>();
  const allFirst = new Map(always);
  for (const [name, values] of optional) if (!always.has(name)) allFirst.set(name, values[0]!);
  variants.add(encode([...allFirst.entries()]));
  variants.add(encode(base));
  const cardNumbers = optional.get('residenceCardNumber');
  if (cardNumbers && always.has('q')) for (const value of cardNumbers) variants.add(encode([...base.filter(([n]) => n !== 'q'), ['residenceCardNumber', value]]));
  for (const [name, values] of optional) {
    for (const value of values) {
      variants.add(encode([...base.filter(([n]) => n !== name), [name, value]]));
      variants.add(encode([...[...allFirst.entries()].filter(([n]) => n !== name), [name, value]]));
    }
  }
  return [...variants];
}

const visitBody = (lifeEvent: string, householdId: string | undefined, procedures: { procedureId: string; residentId?: string }[]) => ({
  lifeEvent,
  ...(householdId ? { householdId } : {}),
  language: 'ja',
  procedures: procedures.map((p) => ({ procedureId: p.procedureId, ...(p.residentId ? { residentId: p.residentId } : {}), reason: REASON })),
});

/** A 代筆 record as the counter host sends it, written by the given clerk. */
const proxyIn = (staffId: string) => ({ staffId, reason: 'literacy', note: '', writtenName: REASON, signedAt: '2026-11-27T01:00:00.000Z' });

interface BodyCase {
  label: string;
  payload: unknown;
  key?: string;
  /** Replaces the path built from the target (to point from the attacker's own record). */
  path?: string;
  expect?: Expect;
  statuses?: number[];
  deferred?: boolean;
}

/**
 * Request bodies, keyed by operation: each references the target tenant's ids wherever the schema takes one
 * (checked against the schema by the "bodies reference every id field" test below).
 */
const BODIES: Record<string, (t: Target, own: Own) => BodyCase[]> = {
  'POST /v1/visits': (t, own) => [
    { label: "the other tenant's household", payload: visitBody(own.lifeEvent, t.householdId, [{ procedureId: own.procedureId }]) },
    { label: "the other tenant's resident", payload: visitBody(own.lifeEvent, undefined, [{ procedureId: own.procedureId, residentId: t.residentId }]) },
    { label: "the other tenant's household and resident", payload: visitBody(own.lifeEvent, t.householdId, [{ procedureId: own.procedureId, residentId: t.residentId }]) },
    // The owner's exact request under the owner's Idempotency-Key: must not replay the owner's stored answer.
    { label: "replaying the owner's Idempotency-Key", payload: visitBody(t.lifeEvent, t.householdId, t.visitProcedures), key: t.createVisitKey },
  ],
  'PUT /v1/visits/{id}/procedures/{procedureId}': (t, own) => [
    { label: "the other tenant's visit", payload: { status: 'done', residentId: t.procedureResidentId } },
    { label: "the other tenant's visit, without a resident", payload: { status: 'cancelled', residentId: null } },
    { label: "replaying the owner's Idempotency-Key", payload: t.putBody, key: t.putKey },
    {
      label: "own visit, the other tenant's resident",
      payload: { status: 'done', residentId: t.residentId },
      path: `/v1/visits/${own.visitId}/procedures/${encodeURIComponent(own.procedureId)}`,
    },
  ],
  'POST /v1/handoffs': (t, own) => [
    { label: "the other tenant's 転出 and its residents, handed to this town", payload: { ...t.handoffBody, destinationTenantId: 'SELF' } },
    { label: "the other tenant's visit and resident", payload: { visitId: t.visitId, destinationTenantId: 'SELF', residentIds: [t.residentId], movingOutOn: '2026-11-27' } },
    { label: "own visit, the other tenant's residents", payload: { ...t.handoffBody, visitId: own.visitId, destinationTenantId: THIRD_TOWN } },
    { label: "replaying the owner's Idempotency-Key", payload: t.handoffBody, key: t.handoffKey },
  ],
  // A handoff the other tenant made for a third town: its real code and birth date must not open it here.
  'POST /v1/handoffs/claim': (t) => [
    { label: "the other tenant's handoff to a third town (code and birth date)", payload: { code: t.handoffCode, birthDate: t.handoffBirthDate } },
    { label: "the other tenant's handoff, the code as typed", payload: { code: t.handoffCode.replace('-', '').toLowerCase(), birthDate: t.handoffBirthDate } },
  ],
  // Anomaly rules carry no ids: they can only ever be the caller's own tenant's (RLS WITH CHECK on anomaly_rules).
  'PUT /v1/security/anomaly-rules': () => [
    { label: "rules for this tenant (no ids to aim)", payload: { rules: [{ ruleId: 'views', kind: 'residents_viewed_per_hour', threshold: 30 }] }, expect: 'clean' },
  ],
  'POST /v1/audit/prints': (t, own) => [
    { label: "a print about the other tenant's resident", payload: { document: 'tetsuzuki_annai', residentIds: [t.residentId], visitId: t.visitId } },
    // Its own resident, but the other tenant's visit: the visit id must not be written into this tenant's log.
    { label: "a print about an own resident, on the other tenant's visit", payload: { document: 'tetsuzuki_annai', residentIds: [own.residentId], visitId: t.visitId }, expect: 'not_found' },
  ],
  'POST /v1/visits/{id}/submissions': (t, own) => [
    {
      label: "the other tenant's visit and resident",
      payload: {
        forms: [{ formId: 'moving_in', residentId: t.residentId, fields: { name: t.name, birthDate: t.birthDate, householdId: t.householdId } }],
        feeItems: [{ procedureId: t.procedureId, count: 1 }],
      },
    },
    { label: "the other tenant's visit, no forms", payload: { forms: [], feeItems: [] } },
    // Already submitted by its owner: a second submission from here is a missing visit (404), never the owner's 409.
    { label: "the other tenant's submitted visit, a second submission", payload: { forms: [], feeItems: [] }, path: `/v1/visits/${t.handoffVisitId}/submissions`, expect: 'not_found' },
    { label: "the other tenant's visit, a 代筆 in the other tenant's clerk's name", payload: { forms: [], feeItems: [], proxySignature: proxyIn(t.staffId) } },
    // On its own visit, a 代筆 naming the other tenant's clerk is refused like one naming any other clerk.
    { label: "own visit, a 代筆 in the other tenant's clerk's name", payload: { forms: [], feeItems: [], proxySignature: proxyIn(t.staffId) }, path: `/v1/visits/${own.visitId}/submissions`, statuses: [422] },
  ],
  // Deferred to the end (see "import" below): a successful import copies the other tenant's ids into this one.
  // An import may also answer 409/422 (conflicting or inconsistent data), which its schema declares.
  'POST /v1/admin/import': (t) => {
    const refusals = [400, 404, 409, 422];
    const renumbered = { ...t.export, households: t.export.households.map((h) => ({ ...h, householdNumber: `IMPORTED-${h.householdNumber}` })) };
    return [
      {
        label: 'a resident pointing at a household only the other tenant has',
        payload: { ...t.export, households: [], residents: [{ ...t.resident, version: 1 }], catalog: [] },
        expect: 'rejected',
        statuses: refusals,
        deferred: true,
      },
      // Both tenants' demo data number households alike (C001…), so these collide with 坂祝町's own numbers.
      { label: "the other tenant's export as is", payload: t.export, expect: 'refused', statuses: refusals, deferred: true },
      { label: "the other tenant's export relabelled to this tenant", payload: { ...t.export, tenantId: 'SELF' }, expect: 'refused', statuses: refusals, deferred: true },
      { label: "the other tenant's export, household numbers changed so nothing collides", payload: renumbered, expect: 'copied', deferred: true },
    ];
  },
};

/** What the owning tenant must find in its answer to the same read, keyed by operation (list-type reads). */
const CONTROLS: Record<string, (t: Target) => string> = {
  'GET /v1/residents': (t) => t.residentId,
  'GET /v1/audit': (t) => t.residentId,
  'GET /v1/departments/{department}/queue': (t) => t.visitId,
  'GET /v1/admin/export': (t) => t.residentId,
  'GET /v1/catalog': (t) => t.departments[0]!,
};

function casesFor(op: Op, t: Target, own: Own, attackerTenant: string): Case[] {
  const role = roleFor(op);
  const paths = pathVariants(op, t);
  const addressesRecord = /\{id\}/.test(op.path);
  if (op.method === 'GET' || op.method === 'HEAD') {
    const queries = queryVariants(op, t);
    return paths.flatMap((path) =>
      queries.map((query): Case => {
        // The record this path is aimed at (a visit is aimed at twice: registered household, pending one).
        const control = addressesRecord ? pathValues(op, 'id', t).find((id) => path.includes(encodeURIComponent(id))) : CONTROLS[op.key]?.(t);
        return { label: `${path}${query}`, expect: addressesRecord ? 'not_found' : 'clean', role, method: op.method, url: `${path}${query}`, ...(control ? { control } : {}) };
      }),
    );
  }
  const hasBody = Boolean(op.spec.requestBody);
  const builder = BODIES[op.key];
  if (hasBody && !builder) throw new Error(`${op.key} takes a request body: add a case to BODIES in isolation-matrix.test.ts`);
  if (!builder) {
    // No body: on the other tenant's record, 404; otherwise (logout) it may act only on the caller's own
    // session and tenant, so it is sent with a session of its own.
    return paths.map((path): Case => ({ label: path, expect: addressesRecord ? 'not_found' : 'clean', role, method: op.method, url: path, freshSession: !addressesRecord }));
  }
  return builder(t, own).flatMap((body) =>
    (body.path ? [body.path] : paths).map((path) => ({
      label: body.label,
      expect: body.expect ?? (addressesRecord && !body.path ? 'not_found' : 'rejected'),
      role,
      method: op.method,
      url: path,
      payload: relabelPayload(body.payload, attackerTenant),
      ...(body.key ? { key: body.key } : {}),
      ...(body.statuses ? { statuses: body.statuses } : {}),
      ...(body.deferred ? { deferred: true } : {}),
    })),
  );
}

function relabelPayload(payload: unknown, attackerTenant: string): unknown {
  if (payload && typeof payload === 'object' && (payload as { tenantId?: unknown }).tenantId === 'SELF') return { ...payload, tenantId: attackerTenant };
  if (payload && typeof payload === 'object' && (payload as { destinationTenantId?: unknown }).destinationTenantId === 'SELF') return { ...payload, destinationTenantId: attackerTenant };
  return payload;
}

/** A random handoff code of the printed shape. */
const phantomCode = () => {
  const letters = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
  const code = Array.from(randomUUID().replace(/-/g, '').slice(0, 10), (c) => letters[parseInt(c, 16)]).join('');
  return `${code.slice(0, 5)}-${code.slice(5)}`;
};

/** Random stand-ins for every id and name of a target (same shapes, same number of values). */
function phantomOf(t: Target): Target {
  const residentId = randomUUID();
  const householdId = randomUUID();
  const name = `架空\u3000${randomUUID().slice(0, 8)}`;
  return {
    ...t,
    residentId,
    householdId,
    visitId: randomUUID(),
    staffId: randomUUID(),
    name,
    nameKana: `カクウ\u3000${randomUUID().slice(0, 4)}`,
    birthDate: '1901-01-01',
    residenceCardNumber: `XX${randomUUID().replace(/-/g, '').slice(0, 8).toUpperCase()}YY`,
    preApplicationId: `PHANTOM${randomUUID().replace(/[^a-f]/g, '').toUpperCase().padEnd(9, 'Z').slice(0, 9)}`,
    procedureResidentId: residentId,
    departments: t.departments.map((_, i) => `架空課${i}`),
    visitProcedures: t.visitProcedures.map((p) => ({ ...p, residentId })),
    createVisitKey: idempotencyKey(),
    pendingVisitId: randomUUID(),
    pendingHouseholdId: randomUUID(),
    pendingResidentIds: t.pendingResidentIds.map(() => randomUUID()),
    handoffVisitId: randomUUID(),
    handoffCode: phantomCode(),
    handoffBirthDate: '1901-01-01',
    handoffKey: idempotencyKey(),
    handoffBody: { ...t.handoffBody, visitId: randomUUID(), residentIds: t.handoffBody.residentIds.map(() => randomUUID()) },
    putKey: idempotencyKey(),
    putBody: { ...t.putBody, residentId },
    resident: { ...t.resident, residentId, householdId, name, nameKana: null, alphabetName: null, alias: null, aliasKana: null },
  };
}

/** Every property name in a schema whose value is a uuid. */
function uuidFields(schema: JsonSchema | undefined, into = new Set<string>()): Set<string> {
  if (!schema) return into;
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (property.format === 'uuid') into.add(name);
    uuidFields(property, into);
  }
  uuidFields(schema.items, into);
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) uuidFields(sub, into);
  return into;
}

/** Property names in a payload whose value is one of the given ids. */
function fieldsHolding(value: unknown, ids: Set<string>, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) fieldsHolding(item, ids, into);
  else if (value && typeof value === 'object') {
    for (const [name, field] of Object.entries(value)) {
      if (typeof field === 'string' && ids.has(field)) into.add(name);
      fieldsHolding(field, ids, into);
    }
  }
  return into;
}

// ---------------------------------------------------------------------------------------------------------
// Running a case

async function tokenFor(side: Side, c: Case): Promise<string> {
  return c.freshSession ? loginAs(backend, loginOf(side, c.role)) : side.tokens[c.role];
}

async function runCase(ctx: TestContext, op: Op, c: Case, phantom: Case, attacker: Side, victim: Side): Promise<void> {
  const where = `${op.key} [${c.label}] as ${loginOf(attacker, c.role)}`;
  const token = await tokenFor(attacker, c);

  // A token relabelled to the victim's tenant is no session at all.
  const forged = await send(relabel(token, victim.tenantId), c);
  assert.equal(forged.status, 401, `${where} with a token relabelled to ${victim.tenantId}: ${describeSent(forged)}`);
  assertNoLeak(forged, victim.secrets, `${where} (relabelled token)`);

  const sent = await send(token, c);
  assert.notEqual(sent.status, 403, `${where}: the role check refused ${loginOf(attacker, c.role)} — pick a role that reaches the data (roleFor)`);
  assert.notEqual(sent.status, 401, `${where}: not authenticated: ${describeSent(sent)}`);
  assertNoLeak(sent, victim.secrets, where);

  if (c.expect === 'clean') {
    assert.equal(sent.status, 200, `${where}: ${describeSent(sent)}`);
  } else {
    // First: indistinguishable from aiming at records that do not exist anywhere (no existence oracle).
    const ghost = await send(await tokenFor(attacker, phantom), phantom);
    assert.deepEqual(
      { status: sent.status, body: sent.json },
      { status: ghost.status, body: ghost.json },
      `${where}: the answer differs from the one for random ids — it tells that the record exists`,
    );
    assert.ok(sent.status < 200 || sent.status >= 300, `${where}: accepted: ${describeSent(sent)}`);
    if (c.expect === 'not_found') assert.equal(sent.status, 404, `${where}: expected 404, got ${describeSent(sent)}`);
    else assert.ok((c.statuses ?? [400, 404]).includes(sent.status), `${where}: expected ${(c.statuses ?? [400, 404]).join(' or ')}, got ${describeSent(sent)}`);
    assertErrorShape(sent, where);
    if (c.expect === 'not_found') assert.equal((sent.json as { code: string }).code, 'not_found', where);
  }

  if (c.control) {
    const control = await send(victim.tokens[c.role], c);
    assert.equal(control.status, 200, `${where}: control as ${loginOf(victim, c.role)}: ${describeSent(control)}`);
    assert.ok(control.text.includes(c.control), `${where}: control as ${loginOf(victim, c.role)} does not see ${c.control} — the case is not aimed at real data`);
  }
  ctx.diagnostic(`${c.expect.padEnd(9)} ${sent.status} ${c.method} ${c.url}${c.method === 'GET' ? '' : ` — ${c.label}`}`);
}

async function runMatrix(ctx: TestContext, attacker: Side, victim: Side, coverage: Set<string>, direction: 'forward' | 'reverse'): Promise<void> {
  for (const op of operations) {
    if (SKIPPED.has(op.key)) continue;
    await ctx.test(op.key, async (sub) => {
      const cases = casesFor(op, victim.target, attacker.own, attacker.tenantId);
      const phantoms = casesFor(op, phantomOf(victim.target), attacker.own, attacker.tenantId);
      assert.equal(phantoms.length, cases.length);
      assert.ok(cases.length > 0, `${op.key}: no case`);
      if (cases.some((c) => c.deferred)) {
        // Writes the victim's ids into the attacker's tenant: runs after every other check (see "import").
        if (direction === 'forward') deferred.push({ op, cases, phantoms });
        return;
      }
      for (const [i, c] of cases.entries()) await runCase(sub, op, c, phantoms[i]!, attacker, victim);
      coverage.add(op.key);
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// State snapshots

const SNAPSHOT_TABLES = ['tenants', 'staff', 'terminals', 'households', 'residents', 'catalog_procedures', 'visits', 'visit_procedures', 'receipt_counters', 'submissions', 'idempotency_keys', 'pre_applications', 'pending_households', 'handoffs'];

/** Count and content digest of every tenant-owned table, as the runtime role scoped to one tenant. */
async function snapshot(tenantId: string, tables = SNAPSHOT_TABLES): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of tables) {
    const [row] = await backend.appQuery(tenantId, `SELECT count(*)::int AS n, coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') AS digest FROM ${table} x`);
    result[table] = `${String(row?.n)} ${String(row?.digest)}`;
  }
  return result;
}

async function lastAuditSeq(tenantId: string): Promise<number> {
  const [row] = await backend.appQuery(tenantId, 'SELECT coalesce(max(seq), 0)::int AS seq FROM audit_log');
  return Number(row?.seq);
}

/** Rows of any tenant other than the victim's that hold one of the victim's ids. */
async function foreignReferences(victim: Side): Promise<Record<string, number>> {
  const residents = victim.residentIds.join(',');
  const households = victim.householdIds.join(',');
  const visits = [victim.target.visitId, victim.own.visitId].join(',');
  const checks: Record<string, [string, string[]]> = {
    'visits.household_id': ['SELECT count(*)::int AS n FROM visits WHERE tenant_id <> $1 AND household_id = ANY(string_to_array($2, \',\')::uuid[])', [households]],
    'visits.visit_id': ['SELECT count(*)::int AS n FROM visits WHERE tenant_id <> $1 AND visit_id = ANY(string_to_array($2, \',\')::uuid[])', [visits]],
    'visit_procedures.resident_id': ['SELECT count(*)::int AS n FROM visit_procedures WHERE tenant_id <> $1 AND resident_id = ANY(string_to_array($2, \',\')::uuid[])', [residents]],
    'submissions.visit_id': ['SELECT count(*)::int AS n FROM submissions WHERE tenant_id <> $1 AND visit_id = ANY(string_to_array($2, \',\')::uuid[])', [visits]],
    'audit_log.detail.visitId': ['SELECT count(*)::int AS n FROM audit_log WHERE tenant_id <> $1 AND detail->>\'visitId\' = ANY(string_to_array($2, \',\'))', [visits]],
    'audit_log.resident_id': ['SELECT count(*)::int AS n FROM audit_log WHERE tenant_id <> $1 AND resident_id = ANY(string_to_array($2, \',\')::uuid[])', [residents]],
    'households.household_id': ['SELECT count(*)::int AS n FROM households WHERE tenant_id <> $1 AND household_id = ANY(string_to_array($2, \',\')::uuid[])', [households]],
    'residents.resident_id': ['SELECT count(*)::int AS n FROM residents WHERE tenant_id <> $1 AND resident_id = ANY(string_to_array($2, \',\')::uuid[])', [residents]],
    'pending_households.resident_ids': ['SELECT count(*)::int AS n FROM pending_households WHERE tenant_id <> $1 AND resident_ids && string_to_array($2, \',\')::uuid[]', [residents]],
    'handoffs.resident_ids': ['SELECT count(*)::int AS n FROM handoffs WHERE tenant_id <> $1 AND resident_ids && string_to_array($2, \',\')::uuid[]', [residents]],
  };
  const result: Record<string, number> = {};
  for (const [name, [text, params]] of Object.entries(checks)) {
    const [row] = await backend.ownerQuery(text, [victim.tenantId, ...params]);
    result[name] = Number(row?.n);
  }
  return result;
}

const noReferences = (counts: Record<string, number>) => Object.fromEntries(Object.keys(counts).map((k) => [k, 0]));

// ---------------------------------------------------------------------------------------------------------
// Set-up: real records of each tenant, collected through the API as that tenant's staff

async function openSide(prefix: Side['prefix'], tenantId: string): Promise<Side> {
  const [counter, supervisor, admin] = await Promise.all((['counter', 'supervisor', 'admin'] as const).map((role) => loginAs(backend, `${prefix}.${role}`)));
  const tokens = { counter: counter!, supervisor: supervisor!, admin: admin! };
  const exported = await send(tokens.admin, { method: 'GET', url: '/v1/admin/export' });
  assert.equal(exported.status, 200, describeSent(exported));
  const catalog = await send(tokens.counter, { method: 'GET', url: '/v1/catalog' });
  assert.equal(catalog.status, 200, describeSent(catalog));
  const data = exported.json as TenantExport;
  assert.equal(data.tenantId, tenantId);
  return {
    prefix,
    tenantId,
    tokens,
    export: data,
    catalog: (catalog.json as { procedures: TenantExport['catalog'] }).procedures,
    residentIds: data.residents.map((r) => r.residentId),
    householdIds: data.households.map((h) => h.householdId),
    staffIds: DEMO_STAFF.filter((s) => s.tenantId === tenantId).map((s) => s.staffId),
    // Filled in by aimSide.
    own: undefined as unknown as Own,
    target: undefined as unknown as Target,
    visitAsSetUp: undefined as unknown as VisitBody,
    secrets: [],
  };
}

/** Picks the target records of `side` (ones whose names the other tenant does not share) and creates a visit. */
async function aimSide(side: Side, other: Side): Promise<void> {
  const otherText = JSON.stringify(other.export) + DEMO_STAFF.filter((s) => s.tenantId === other.tenantId).map((s) => s.displayName).join('\n');
  const distinct = (s: string | null | undefined): s is string => typeof s === 'string' && s.length >= 2 && !otherText.includes(s);
  // A residence-card holder, so the card-number lookup is aimed at a real record too.
  const resident = side.export.residents.find((r) => r.status === 'active' && typeof r.residenceCardNumber === 'string' && distinct(r.name) && distinct(r.nameKana) && distinct(r.residenceCardNumber));
  assert.ok(resident, `${side.prefix}: no active resident with a name ${other.prefix} does not share`);
  const household = side.export.households.find((h) => h.householdId === resident.householdId);
  assert.ok(household);

  // A visit over two departments: one only this tenant has, and one both have (the queue is per name).
  const otherDepartments = new Set(other.catalog.map((p) => p.department));
  let pair: TenantExport['catalog'] = [];
  for (const first of side.catalog.filter((p) => !otherDepartments.has(p.department))) {
    const second = side.catalog.find((p) => p.lifeEvent === first.lifeEvent && otherDepartments.has(p.department));
    pair = second ? [first, second] : pair.length ? pair : [first];
    if (second) break;
  }
  assert.ok(pair.length > 0, `${side.prefix}: no department of its own in its catalog`);
  const lifeEvent = pair[0]!.lifeEvent;
  const visitProcedures = pair.map((p) => ({ procedureId: p.procedureId, residentId: resident.residentId }));
  const createVisitKey = idempotencyKey();
  const created = await send(side.tokens.counter, { method: 'POST', url: '/v1/visits', payload: visitBody(lifeEvent, household.householdId, visitProcedures), key: createVisitKey });
  assert.equal(created.status, 201, describeSent(created));
  const visitId = (created.json as VisitBody).visitId;
  // The owner moves one procedure on, so its Idempotency-Key holds a stored 200 that must never be replayed to the other tenant.
  const putKey = idempotencyKey();
  const putBody = { status: 'in_progress', residentId: resident.residentId };
  const procedureId = pair[0]!.procedureId;
  const put = await send(side.tokens.counter, { method: 'PUT', url: `/v1/visits/${visitId}/procedures/${procedureId}`, payload: putBody, key: putKey });
  assert.equal(put.status, 200, describeSent(put));
  const visit = await send(side.tokens.counter, { method: 'GET', url: `/v1/visits/${visitId}` });
  assert.equal(visit.status, 200);
  side.visitAsSetUp = visit.json as VisitBody;

  // The side's own visit, from which it will point at the other tenant's records. (With a resident: a
  // procedure without one cannot be stored today — see "a visit procedure without a resident" below.)
  const ownProcedure = side.catalog.find((p) => p.lifeEvent === lifeEvent) ?? side.catalog[0]!;
  const ownVisit = await send(side.tokens.counter, {
    method: 'POST',
    url: '/v1/visits',
    payload: visitBody(lifeEvent, undefined, [{ procedureId: ownProcedure.procedureId, residentId: resident.residentId }]),
  });
  assert.equal(ownVisit.status, 201, describeSent(ownVisit));
  side.own = { visitId: (ownVisit.json as VisitBody).visitId, residentId: resident.residentId, procedureId: ownProcedure.procedureId, lifeEvent };

  // A household moving in, pending with its visit: names and ids that exist nowhere but in that visit.
  const pendingHouseholdId = randomUUID();
  const newcomers = [1, 2].map((n) => ({
    residentId: randomUUID(),
    relation: n === 1 ? '世帯主' : '妻',
    kind: 'japanese',
    name: `転入予定\u3000${side.prefix}${n}`,
    nameKana: null,
    alphabetName: null,
    birthDate: `1980-0${n}-0${n}`,
    sex: n,
    nationality: null,
    residenceCategory: null,
    residenceStatus: null,
    periodOfStay: null,
    stayExpiresOn: null,
    residenceCardNumber: null,
    hasMyNumberCard: false,
    previousAddress: `転出元\u3000${side.prefix}`,
    movedOutOn: '2026-11-20',
    honseki: null,
    hittousha: null,
    landingPermission: null,
  }));
  const pending = await send(side.tokens.counter, {
    method: 'POST',
    url: '/v1/visits',
    payload: {
      lifeEvent: 'moving_in',
      newHousehold: { householdId: pendingHouseholdId, address: `転入先\u3000${side.prefix}`, movedInOn: '2026-11-25', intake: 'moving_out_certificate', members: newcomers },
      procedures: newcomers.map((m) => ({ procedureId: 'moving_in_notification', residentId: m.residentId, reason: REASON })),
    },
  });
  assert.equal(pending.status, 201, describeSent(pending));

  // A submitted 転出 of the target's household, handed off to the third town.
  const movingOut = await send(side.tokens.counter, {
    method: 'POST',
    url: '/v1/visits',
    payload: visitBody('moving_out', household.householdId, [{ procedureId: 'moving_out_notification', residentId: resident.residentId }]),
  });
  assert.equal(movingOut.status, 201, describeSent(movingOut));
  const handoffVisitId = (movingOut.json as VisitBody).visitId;
  const submitted = await send(side.tokens.counter, { method: 'POST', url: `/v1/visits/${handoffVisitId}/submissions`, payload: { forms: [], feeItems: [], signatureSvg: 'M0 0' } });
  assert.equal(submitted.status, 201, describeSent(submitted));
  const handoffKey = idempotencyKey();
  const handoffBody = { visitId: handoffVisitId, destinationTenantId: THIRD_TOWN, residentIds: [resident.residentId], movingOutOn: '2026-11-30' };
  const handoff = await send(side.tokens.counter, { method: 'POST', url: '/v1/handoffs', payload: handoffBody, key: handoffKey });
  assert.equal(handoff.status, 201, describeSent(handoff));

  const counterStaff = DEMO_STAFF.find((s) => s.loginId === `${side.prefix}.counter`)!;
  side.target = {
    tenantId: side.tenantId,
    residentId: resident.residentId,
    householdId: household.householdId,
    visitId,
    staffId: counterStaff.staffId,
    name: resident.name,
    nameKana: resident.nameKana!,
    birthDate: resident.birthDate,
    residenceCardNumber: resident.residenceCardNumber as string,
    preApplicationId: DEMO_PRE_APPLICATION_IDS[side.tenantId]!,
    lifeEvent,
    procedureId,
    procedureResidentId: resident.residentId,
    departments: [...new Set(pair.map((p) => p.department))],
    visitProcedures,
    createVisitKey,
    pendingVisitId: (pending.json as VisitBody).visitId,
    pendingHouseholdId,
    pendingResidentIds: newcomers.map((m) => m.residentId),
    handoffVisitId,
    handoffCode: (handoff.json as { code: string }).code,
    handoffBirthDate: resident.birthDate,
    handoffKey,
    handoffBody,
    putKey,
    putBody,
    resident,
    export: side.export,
  };

  const names = side.export.residents.flatMap((r) => [r.name, r.nameKana, r.alphabetName, r.alias, r.aliasKana]);
  const staffNames = DEMO_STAFF.filter((s) => s.tenantId === side.tenantId).map((s) => s.displayName);
  side.secrets = [
    ...new Set([
      ...side.residentIds,
      ...side.householdIds,
      ...side.staffIds,
      visitId,
      side.own.visitId,
      side.target.pendingVisitId,
      pendingHouseholdId,
      ...side.target.pendingResidentIds,
      handoffVisitId,
      side.target.handoffCode,
      ...newcomers.flatMap((m) => [m.name, m.previousAddress]),
      `転入先\u3000${side.prefix}`,
      ...[...names, ...staffNames, ...side.export.households.map((h) => h.address), ...side.target.departments].filter(distinct),
    ]),
  ];
  assert.ok(side.secrets.includes(resident.name) && side.secrets.includes(pair[0]!.department));
}

before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 6 });
  await backend.ownerQuery("INSERT INTO tenants (tenant_id, name_ja, name_kana, name_en, prefecture) VALUES ($1, 'テスト町', 'テストチョウ', 'Test Town', '岐阜県')", [THIRD_TOWN]);
  const response = await backend.app.inject({ method: 'GET', url: '/openapi.json' });
  assert.equal(response.statusCode, 200);
  spec = response.json() as OpenApi;
  operations = operationsOf(spec);
  minokamo = await openSide('minokamo', MINOKAMO);
  sakahogi = await openSide('sakahogi', SAKAHOGI);
  await aimSide(minokamo, sakahogi);
  await aimSide(sakahogi, minokamo);
});
after(() => backend?.close());

// ---------------------------------------------------------------------------------------------------------

describe('tenant isolation matrix over /openapi.json', () => {
  it('the spec lists the operations, and every request body is aimed at every id field its schema has', () => {
    assert.ok(operations.length >= 10, `only ${operations.length} operations in /openapi.json`);
    for (const op of operations) {
      if (SKIPPED.has(op.key)) continue;
      const fields = uuidFields(op.spec.requestBody?.content?.['application/json']?.schema);
      if (fields.size === 0) continue;
      const builder = BODIES[op.key];
      assert.ok(builder, `${op.key} takes a request body: add a case to BODIES`);
      const ids = new Set([...minokamo.residentIds, ...minokamo.householdIds, minokamo.target.visitId, ...minokamo.staffIds]);
      const aimed = new Set(builder(minokamo.target, sakahogi.own).flatMap((b) => [...fieldsHolding(b.payload, ids)]));
      assert.deepEqual([...fields].filter((f) => !aimed.has(f)), [], `${op.key}: no case puts a 美濃加茂市 id in these body fields`);
    }
  });

  let before212: Record<string, string>;
  let auditSeq212: number;

  it('a 坂祝町 session on 美濃加茂市 records: 404 or nothing, for every operation', async (t) => {
    before212 = await snapshot(MINOKAMO);
    auditSeq212 = await lastAuditSeq(MINOKAMO);
    await runMatrix(t, sakahogi, minokamo, covered.forward, 'forward');
  });

  it('afterwards 美濃加茂市 is unchanged, and nothing of 坂祝町 refers to it', async () => {
    assert.deepEqual(await snapshot(MINOKAMO), before212);
    // Only 美濃加茂市's own staff (the controls) added to its audit log.
    const strangers = await backend.appQuery(MINOKAMO, 'SELECT seq, action, staff_id FROM audit_log WHERE seq > $1 AND (staff_id IS NULL OR NOT (staff_id::text = ANY(string_to_array($2, \',\'))))', [
      auditSeq212,
      minokamo.staffIds.join(','),
    ]);
    assert.deepEqual(strangers, []);
    const visit = await send(minokamo.tokens.counter, { method: 'GET', url: `/v1/visits/${minokamo.target.visitId}` });
    assert.equal(visit.status, 200);
    assert.deepEqual(visit.json, minokamo.visitAsSetUp, "the 美濃加茂市 visit's procedures or status changed");
    const references = await foreignReferences(minokamo);
    assert.deepEqual(references, noReferences(references));
    for (const role of ['counter', 'supervisor', 'admin'] as const) {
      const me = await send(minokamo.tokens[role], { method: 'GET', url: '/v1/me' });
      assert.equal(me.status, 200, `${role} session of 美濃加茂市 ended by 坂祝町's logout`);
      assert.equal((me.json as { tenantId: string }).tenantId, MINOKAMO);
    }
  });

  it('GET /v1/admin/export as sakahogi.admin holds only 坂祝町 rows', async () => {
    const exported = await send(sakahogi.tokens.admin, { method: 'GET', url: '/v1/admin/export' });
    assert.equal(exported.status, 200);
    assertNoLeak(exported, minokamo.secrets, 'export');
    const data = exported.json as TenantExport;
    assert.equal(data.tenantId, SAKAHOGI);
    assert.ok(data.households.length > 0 && data.residents.length > 0 && data.catalog.length > 0);
    const owners = await backend.ownerQuery(
      `SELECT DISTINCT tenant_id FROM (
         SELECT tenant_id FROM households WHERE household_id = ANY(string_to_array($1, ',')::uuid[])
         UNION ALL SELECT tenant_id FROM residents WHERE resident_id = ANY(string_to_array($2, ',')::uuid[])) x`,
      [data.households.map((h) => h.householdId).join(','), data.residents.map((r) => r.residentId).join(',')],
    );
    assert.deepEqual(owners.map((r) => r.tenant_id), [SAKAHOGI]);
    const catalogOwners = await backend.appQuery(SAKAHOGI, 'SELECT count(*)::int AS n FROM catalog_procedures');
    assert.equal(catalogOwners[0]?.n, data.catalog.length);
    assert.deepEqual(data.preApplications.map((p) => p.applicationId), ['SAKAHOGIBRAZILAA']);
    assert.equal(data.preApplications.some((p) => minokamo.export.preApplications.some((m) => m.applicationId === p.applicationId)), false);
  });

  let before215: Record<string, string>;
  let auditSeq215: number;

  it('the reverse: a 美濃加茂市 session on 坂祝町 records, for every operation', async (t) => {
    before215 = await snapshot(SAKAHOGI);
    auditSeq215 = await lastAuditSeq(SAKAHOGI);
    await runMatrix(t, minokamo, sakahogi, covered.reverse, 'reverse');
    assert.deepEqual(await snapshot(SAKAHOGI), before215);
    const strangers = await backend.appQuery(SAKAHOGI, 'SELECT seq, action FROM audit_log WHERE seq > $1 AND (staff_id IS NULL OR NOT (staff_id::text = ANY(string_to_array($2, \',\'))))', [
      auditSeq215,
      sakahogi.staffIds.join(','),
    ]);
    assert.deepEqual(strangers, []);
    const references = await foreignReferences(sakahogi);
    assert.deepEqual(references, noReferences(references));
  });

  it("a 坂祝町 submission on its own visit cannot name a 美濃加茂市 resident", async () => {
    // forms[].residentId is an id the schema accepts; a create that references another tenant's resident must be
    // refused like POST /v1/visits refuses procedures[].residentId (404), not stored into 坂祝町's records.
    const body = { forms: [{ formId: 'moving_in', residentId: minokamo.target.residentId, fields: {} }], feeItems: [] };
    const sent = await send(sakahogi.tokens.counter, { method: 'POST', url: `/v1/visits/${sakahogi.own.visitId}/submissions`, payload: body });
    // Whatever the status, nothing in 坂祝町 may now hold the 美濃加茂市 resident's id.
    const stored = await backend.appQuery(
      SAKAHOGI,
      `SELECT (SELECT count(*)::int FROM submissions WHERE forms::text LIKE '%' || $1 || '%') AS submissions,
              (SELECT count(*)::int FROM audit_log WHERE resident_id = $1::uuid) AS audit`,
      [minokamo.target.residentId],
    );
    assert.deepEqual(
      { status: sent.status === 400 || sent.status === 404 ? '400 or 404' : sent.status, stored },
      { status: '400 or 404', stored: [{ submissions: 0, audit: 0 }] },
      `the submission was accepted and a 坂祝町 submission and audit entry now name a 美濃加茂市 resident: ${describeSent(sent)}`,
    );
    assertErrorShape(sent, 'submission');
  });

  it('found while building the matrix: a visit procedure without a resident can be created and updated', async () => {
    // CreateVisitRequest makes procedures[].residentId optional and UpdateProcedureRequest takes residentId null,
    // but visit_procedures has resident_id in its PRIMARY KEY, which makes it NOT NULL: the insert fails (23502)
    // and the whole visit is answered with a 500. (The matrix's own visits name a resident to work around it.)
    const procedureId = sakahogi.own.procedureId;
    const created = await send(sakahogi.tokens.counter, { method: 'POST', url: '/v1/visits', payload: visitBody(sakahogi.own.lifeEvent, undefined, [{ procedureId }]) });
    assert.equal(created.status, 201, `a procedure without a resident: ${describeSent(created)}`);
    const visit = created.json as VisitBody;
    assert.deepEqual(visit.procedures.map((p) => [p.procedureId, p.residentId]), [[procedureId, null]]);
    const updated = await send(sakahogi.tokens.counter, { method: 'PUT', url: `/v1/visits/${visit.visitId}/procedures/${procedureId}`, payload: { status: 'done', residentId: null } });
    assert.equal(updated.status, 200, describeSent(updated));
  });

  it('import: a 美濃加茂市 export imported by sakahogi.admin never writes into 美濃加茂市', async (t) => {
    // What happens, pinned (see the report): POST /v1/admin/import ignores the export's tenantId and upserts every
    // row under the session's tenant (RLS WITH CHECK allows nothing else). So a 美濃加茂市 export either
    //  - fails as a whole (its household numbers C001… collide with 坂祝町's own: nothing written anywhere), or
    //  - once nothing collides, succeeds by copying the rows, same ids, into 坂祝町 — never touching 美濃加茂市.
    // Refusing an export whose tenantId is not the session's would be equally isolation-safe.
    assert.equal(deferred.length, 1, 'exactly one deferred (import) operation expected');
    const [{ op, cases, phantoms }] = deferred as [(typeof deferred)[number]];
    const everything = [...SNAPSHOT_TABLES, 'audit_log', 'audit_heads', 'staff_sessions'];
    const counts = async (tenantId: string) =>
      Object.fromEntries(
        await Promise.all(
          ['households', 'residents', 'catalog_procedures', 'visits', 'audit_log'].map(async (table) => [
            table,
            (await backend.appQuery(tenantId, `SELECT count(*)::int AS n FROM ${table}`))[0]?.n,
          ]),
        ),
      );
    const snapshot212 = await snapshot(MINOKAMO, everything);
    const counts212 = await counts(MINOKAMO);

    for (const [i, c] of cases.entries()) {
      // Each case a subtest of its own, so one failing case does not hide the checks on 美濃加茂市 below.
      await t.test(c.label, async (sub) => {
        if (c.expect === 'rejected') {
          // Through the matrix checks: relabelled token 401, same answer as for random ids, then a 4xx refusal.
          await runCase(sub, op, c, phantoms[i]!, sakahogi, minokamo);
          return;
        }
        const forged = await send(relabel(sakahogi.tokens.admin, MINOKAMO), c);
        assert.equal(forged.status, 401);
        const payload = c.payload as TenantExport;
        const before215 = await snapshot(SAKAHOGI, ['households', 'residents', 'catalog_procedures', 'pre_applications']);
        const sent = await send(sakahogi.tokens.admin, c);
        assertNoLeak(sent, minokamo.secrets, c.label);
        const copies = await backend.ownerQuery(
          `SELECT tenant_id, count(*)::int AS n FROM households WHERE household_id = ANY(string_to_array($1, ',')::uuid[]) GROUP BY tenant_id ORDER BY tenant_id`,
          [minokamo.householdIds.join(',')],
        );
        assert.deepEqual(await snapshot(MINOKAMO, everything), snapshot212, `${c.label}: a 美濃加茂市 row changed`);
        if (c.expect === 'refused') {
          assert.ok(sent.status >= 400, `${c.label}: accepted: ${describeSent(sent)}`);
          assert.deepEqual(await snapshot(SAKAHOGI, ['households', 'residents', 'catalog_procedures', 'pre_applications']), before215, `${c.label}: a refused import wrote part of its rows`);
          assert.deepEqual(copies, [{ tenant_id: MINOKAMO, n: minokamo.householdIds.length }]);
          sub.diagnostic(`tenantId ${payload.tenantId}: refused with ${sent.status}, nothing written`);
          assertErrorShape(sent, c.label);
          assert.ok(c.statuses?.includes(sent.status), `${c.label}: refused, but with ${describeSent(sent)} — expected ${c.statuses?.join('/')}`);
        } else {
          assert.equal(sent.status, 200, `${c.label}: ${describeSent(sent)}`);
          assert.deepEqual(sent.json, { households: payload.households.length, residents: payload.residents.length, catalog: payload.catalog.length, preApplications: payload.preApplications.length });
          assert.deepEqual(copies, [
            { tenant_id: MINOKAMO, n: minokamo.householdIds.length },
            { tenant_id: SAKAHOGI, n: minokamo.householdIds.length },
          ]);
          sub.diagnostic(`tenantId ${payload.tenantId}: ${sent.status}, rows copied into ${SAKAHOGI} under the same ids`);
        }
      });
    }
    covered.forward.add(op.key);
    assert.deepEqual(await counts(MINOKAMO), counts212);
    assert.deepEqual(await snapshot(MINOKAMO, everything), snapshot212, 'the import changed a 美濃加茂市 row');
  });

  it('the matrix covered every operation in /openapi.json but the documented skips', () => {
    const expected = operations.map((op) => op.key).filter((key) => !SKIPPED.has(key)).sort();
    assert.deepEqual([...covered.forward].sort(), expected);
    const importOps = new Set(deferred.map((d) => d.op.key));
    assert.deepEqual([...covered.reverse].sort(), expected.filter((key) => !importOps.has(key)));
  });

  it('a household moving in under 美濃加茂市 ids: answered as for random ids, kept and registered in 坂祝町 only', async () => {
    // Ids are per tenant (every key leads with tenant_id). Refusing an id because another tenant has it would
    // tell that it exists there, so 坂祝町 may use any uuid it likes; what matters is that it never reaches,
    // changes or reveals the 美濃加茂市 record. Runs last: it writes those ids into 坂祝町, which
    // the reference checks and the import cases above must not find.
    const intake = (householdId: string, residentIds: string[], address = '岐阜県加茂郡坂祝町取組1番地') => ({
      lifeEvent: 'moving_in',
      newHousehold: {
        householdId,
        address,
        movedInOn: '2026-11-26',
        intake: 'moving_out_certificate',
        members: residentIds.map((residentId, i) => ({
          residentId, relation: i === 0 ? '世帯主' : '子', kind: 'japanese', name: `同番\u3000${i}`, nameKana: null, alphabetName: null, birthDate: '1990-01-01', sex: 1,
          nationality: null, residenceCategory: null, residenceStatus: null, periodOfStay: null, stayExpiresOn: null, residenceCardNumber: null, hasMyNumberCard: false,
          previousAddress: '岐阜県可児市', movedOutOn: null, honseki: null, hittousha: null, landingPermission: null,
        })),
      },
      procedures: residentIds.map((residentId) => ({ procedureId: 'moving_in_notification', residentId, reason: REASON })),
    });
    // Registered in 美濃加茂市 here (the import above copied its older records into 坂祝町 already).
    const THEIR_ADDRESS = '岐阜県美濃加茂市太田町1番地';
    const theirHousehold = randomUUID();
    const theirs = [randomUUID(), randomUUID()];
    const registeredThere = await send(minokamo.tokens.counter, { method: 'POST', url: '/v1/visits', payload: intake(theirHousehold, theirs, THEIR_ADDRESS) });
    assert.equal(registeredThere.status, 201, describeSent(registeredThere));
    const submittedThere = await send(minokamo.tokens.counter, { method: 'POST', url: `/v1/visits/${(registeredThere.json as VisitBody).visitId}/submissions`, payload: { forms: [], feeItems: [], signatureSvg: 'M0 0' } });
    assert.deepEqual((submittedThere.json as { registered: unknown }).registered, { householdId: theirHousehold, residentIds: theirs });
    const before212 = await snapshot(MINOKAMO);
    const seq212 = await lastAuditSeq(MINOKAMO);
    const real = await send(sakahogi.tokens.counter, { method: 'POST', url: '/v1/visits', payload: intake(theirHousehold, theirs) });
    const ghost = await send(sakahogi.tokens.counter, { method: 'POST', url: '/v1/visits', payload: intake(randomUUID(), [randomUUID(), randomUUID()]) });
    assert.equal(real.status, 201, describeSent(real));
    assert.equal(ghost.status, 201, describeSent(ghost));
    const sentIds = new Set<string>([theirHousehold, ...theirs]);
    // (The import above copied 美濃加茂市's catalog into 坂祝町: what the random-id answer holds too is 坂祝町's own now.)
    const ownNow = (secret: string) => sentIds.has(secret) || ghost.text.includes(secret);
    assertNoLeak(real, [THEIR_ADDRESS, ...minokamo.secrets.filter((secret) => !ownNow(secret))], 'a new household under 美濃加茂市 ids');
    const submitted = await send(sakahogi.tokens.counter, { method: 'POST', url: `/v1/visits/${(real.json as VisitBody).visitId}/submissions`, payload: { forms: [], feeItems: [], signatureSvg: 'M0 0' } });
    assert.equal(submitted.status, 201, describeSent(submitted));
    assert.deepEqual(await snapshot(MINOKAMO), before212, 'a 美濃加茂市 row changed');
    assert.equal(await lastAuditSeq(MINOKAMO), seq212);
    // Each tenant reads its own record under the id; 美濃加茂市's household still has its own members only.
    const theirsRead = await send(minokamo.tokens.counter, { method: 'GET', url: `/v1/households/${theirHousehold}` });
    assert.equal(theirsRead.status, 200, describeSent(theirsRead));
    assert.equal((theirsRead.json as { address: string }).address, THEIR_ADDRESS);
    const oursRead = await send(sakahogi.tokens.counter, { method: 'GET', url: `/v1/households/${theirHousehold}` });
    assert.equal(oursRead.status, 200, describeSent(oursRead));
    assertNoLeak(oursRead, [THEIR_ADDRESS, ...minokamo.secrets.filter((secret) => !ownNow(secret))], '坂祝町 reading its own household');
  });
});
