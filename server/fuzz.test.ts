import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
// Ajv is the JSON Schema validator Fastify itself compiles schemas with (hoisted from its dependencies): the
// response schemas of /openapi.json are JSON Schema, so the validator the server already trusts checks them.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
// fast-check (a devDependency, well kept and widely used for property testing) generates the hostile input:
// arbitraries composed from each operation's own schema, seeded, so a failure names a reproducible case.
import fc from 'fast-check';
import { coverageHouseholds } from './demo/generator';
import { idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

/**
 * Fuzz suite (issue 13): every operation of /openapi.json, driven with hostile bodies, path parameters and
 * queries generated from its own schemas — wrong types, huge strings, deep nesting, lone surrogates, control
 * characters, negative and huge numbers, extra and missing keys — under no session and a session of each role
 * (and of the other tenant). Asserts no 5xx, every status declared for that operation in /openapi.json, every
 * body matching the schema declared for that status, and a live server afterwards. In-process (inject), seeded
 * and bounded: FUZZ_RUNS cases per operation and session (default 20, about 30 s), FUZZ_SEED to replay.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 20261208);
const MINOKAMO = '212113';

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
  const?: unknown;
};
interface Parameter {
  in: 'path' | 'query' | 'header';
  name: string;
  required?: boolean;
  schema: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
  responses: Record<string, { content?: { 'application/json'?: { schema: Schema } } }>;
}

const nest = (depth: number): unknown => (depth === 0 ? 'x' : [nest(depth - 1)]);

/** Values no schema here accepts in any place, or accepts only to trip what is behind it. */
const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -1, -(2 ** 40), 2 ** 40, 2 ** 53 + 2, 1e308, -1e308, 0.5, '', ' ', [], {}) },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '\uD800', 'a\uDC00b', '山田\uD83D', '\u0000', '\u0007名前', '\u202E悪', '\u2066x', "' OR 1=1 --", '%', '_', '\\', '../../etc/passwd',
      '<script>alert(1)</script>', '𠮷野家', '👩‍👩‍👧', '1970-13-45', '0000-01-01', '9999-12-31', '2026-02-30', '00000000-0000-0000-0000-000000000000',
      'NaN', '-0', '1e999', '0x10', 'null', '{}', '__proto__',
    ),
  },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map(Number)) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(70_000), 'ア'.repeat(200_000), '\uD800'.repeat(5_000)) },
  { weight: 1, arbitrary: fc.constantFrom(nest(60), nest(3000)) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
);

function regexOf(pattern: string): RegExp | null {
  try {
    return new RegExp(pattern, 'u');
  } catch {
    return null;
  }
}

const isoDay = fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2100-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

/** A value the schema accepts (as far as can be generated), with every part of it possibly hostile. */
function fromSchema(schema: Schema | undefined, depth = 0): fc.Arbitrary<unknown> {
  const valid = validOf(schema ?? {}, depth);
  // Deeper down, hostility is rarer: most of a case stays valid, so the handler is reached with one bad part.
  return fc.oneof({ weight: depth === 0 ? 3 : 8, arbitrary: valid }, { weight: 1, arbitrary: hostileLeaf });
}

function validOf(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  const nullable = schema.nullable ? (arb: fc.Arbitrary<unknown>) => fc.oneof(arb, fc.constant(null)) : (arb: fc.Arbitrary<unknown>) => arb;
  if ('const' in schema) return fc.constant(schema.const);
  if (schema.enum) return nullable(fc.constantFrom(...schema.enum));
  const union = schema.anyOf ?? schema.oneOf;
  if (union && union.length > 0) return nullable(fc.oneof(...union.map((s) => validOf(s, depth))));
  if (schema.allOf && schema.allOf.length > 0) return validOf(schema.allOf[0]!, depth);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string': {
      // Real ids of this tenant half the time, so a case can reach past "not found" into the handler.
      if (schema.format === 'uuid') return nullable(fc.oneof(fc.uuid({ version: 4 }), fc.constantFrom(...ids)));
      if (schema.format === 'date') return nullable(isoDay);
      if (schema.format === 'date-time') return nullable(fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString()));
      const regex = schema.pattern ? regexOf(schema.pattern) : null;
      if (regex) {
        // fast-check reads the pattern (not every construct, e.g. \p{…}: then plain text stands in for it).
        try {
          return nullable(fc.stringMatching(regex).filter((s) => s.length <= (schema.maxLength ?? 1000)));
        } catch {
          /* fall through */
        }
      }
      return nullable(fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 20, 20) }));
    }
    case 'integer':
      return nullable(fc.integer({ min: Math.max(schema.minimum ?? -1000, -1_000_000), max: Math.min(schema.maximum ?? 1000, 1_000_000) }));
    case 'number':
      return nullable(fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true }));
    case 'boolean':
      return nullable(fc.boolean());
    case 'array':
      return nullable(fc.array(fromSchema(schema.items, depth + 1), { minLength: Math.min(schema.minItems ?? 0, 3), maxLength: Math.min(schema.maxItems ?? 3, 3) }));
    case 'object': {
      const properties = schema.properties ?? {};
      const keys = Object.keys(properties);
      const model = Object.fromEntries(keys.map((key) => [key, fromSchema(properties[key], depth + 1)]));
      const required = (schema.required ?? []).filter((key) => keys.includes(key));
      const extra = typeof schema.additionalProperties === 'object' ? fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fromSchema(schema.additionalProperties, depth + 1), { maxKeys: 3 }) : fc.constant({});
      return nullable(
        fc
          .tuple(
            // Mostly every required key; sometimes some missing.
            fc.oneof({ weight: 4, arbitrary: fc.record(model, { requiredKeys: required }) }, { weight: 1, arbitrary: fc.record(model, { requiredKeys: [] }) }),
            extra,
            // Sometimes a key no schema declares.
            fc.option(fc.dictionary(fc.constantFrom('extra', 'isAdmin', 'tenantId', '__proto__', 'constructor', '\uD800'), hostileLeaf, { maxKeys: 2 }), { freq: 4 }),
          )
          .map(([known, open, unknown]) => ({ ...(open as object), ...(known as object), ...(unknown ?? {}) })),
      );
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** encodeURIComponent, except that a lone surrogate is sent as the bytes a careless client would send. */
function encode(text: string): string {
  return Array.from(text, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  }).join('');
}
const asParam = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value) ?? '');

/** A raw body: not JSON at all, JSON of another shape, or nested too deep to be worth parsing. */
const rawBodies = fc.constantFrom('', '{', '}', 'null', '[]', '"text"', '{"a":1,}', '[' .repeat(10_000), '{"a":'.repeat(5_000), '\uFEFF{}', '{"__proto__":{"admin":true}}');
const contentTypes = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom('application/json', 'application/json; charset=utf-8') },
  { weight: 2, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml') },
);

let backend: TestBackend;
let doc: { paths: Record<string, Record<string, Operation>> };
const sessions: Record<string, string | null> = { none: null };
const ids: string[] = [];
const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
addFormats.default(ajv);
const validators = new Map<string, ValidateFunction>();

before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 2 });
  for (const [role, loginId] of [['counter', 'minokamo.counter'], ['department', 'minokamo.fukushi'], ['supervisor', 'minokamo.supervisor'], ['tenant_admin', 'minokamo.admin'], ['other_tenant', 'sakahogi.counter']] as const) {
    sessions[role] = await loginAs(backend, loginId);
  }
  const resident = coverageHouseholds(MINOKAMO)[0]?.residents[0];
  const visit = await backend.app.inject({
    method: 'POST',
    url: '/v1/visits',
    headers: { authorization: `Bearer ${sessions.counter}`, 'idempotency-key': idempotencyKey() },
    payload: { lifeEvent: 'certificate_request', procedures: [{ procedureId: 'resident_certificate', residentId: resident?.resident_id, reason: 'fuzz' }] },
  });
  assert.equal(visit.statusCode, 201, visit.body);
  // Real ids among the random ones, so requests also reach past "not found" into the handlers.
  ids.push((visit.json() as { visitId: string }).visitId, resident?.resident_id ?? '', resident?.household_id ?? '');
  doc = (await backend.app.inject({ method: 'GET', url: '/openapi.json' })).json() as typeof doc;
});
after(() => backend?.close());

function validatorFor(key: string, schema: Schema): ValidateFunction {
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

/** The operations in document order, logout last (it ends the session it is called with). */
function operations(): [string, string, Operation][] {
  const list = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => [path, method, op] as [string, string, Operation]));
  return list.sort((a, b) => Number(a[0] === '/v1/auth/logout') - Number(b[0] === '/v1/auth/logout'));
}

function requestArbitrary(path: string, op: Operation) {
  const parameters = op.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const queryParams = parameters.filter((p) => p.in === 'query');
  const bodySchema = op.requestBody?.content['application/json'].schema;
  const pathValue = (p: Parameter) => fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...ids) }, { weight: 3, arbitrary: fromSchema(p.schema) }, { weight: 1, arbitrary: fc.constantFrom('%00', '%2F', '%2E%2E%2F', 'a'.repeat(101), '%ED%A0%80', ' ') });
  return fc.record({
    // Values starting with % go raw (malformed escapes on purpose). A value of '.' or '..' (even as %2E) is no
    // value of this operation: the client resolves such a URL to another resource before sending it.
    path: fc.tuple(...pathParams.map((p) => pathValue(p).filter((value) => !/^(\.|%2e){1,2}$/i.test(asParam(value))))).map((values) =>
      pathParams.reduce((url, p, i) => {
        const value = asParam(values[i]);
        return url.replace(`{${p.name}}`, () => (value.startsWith('%') ? value : encode(value)));
      }, path),
    ),
    query: fc.tuple(...queryParams.map((p) => fc.option(fromSchema(p.schema), { freq: 3 })), fc.option(fc.constantFrom('extra=1', 'q=a&q=b', `q=${'x'.repeat(5000)}`, 'limit=-1', 'limit=1e308', '%ZZ', '&&&='), { freq: 4 })).map((values) => {
      const parts = queryParams.flatMap((p, i) => (values[i] === null || values[i] === undefined ? [] : [`${p.name}=${encode(asParam(values[i]))}`]));
      const raw = values[queryParams.length];
      return [...parts, ...(typeof raw === 'string' ? [raw] : [])].join('&');
    }),
    body: bodySchema ? fc.oneof({ weight: 8, arbitrary: fromSchema(bodySchema).map((value) => JSON.stringify(value) ?? 'null') }, { weight: 1, arbitrary: rawBodies }) : fc.option(rawBodies, { freq: 6 }),
    contentType: bodySchema ? contentTypes : fc.constant('application/json'),
    idempotencyKey: fc.oneof({ weight: 8, arbitrary: fc.uuid({ version: 4 }) }, { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'short', 'k'.repeat(10_000), 'fixed-key-0001') }),
  });
}

describe('fuzz: every operation of /openapi.json with hostile input under every session', () => {
  const seen = new Map<string, Map<number, number>>();

  it('no 5xx; every status declared for its operation; every body as declared', { timeout: 110_000 }, async () => {
    const started = performance.now();
    let requests = 0;
    const failures: string[] = [];
    const ops = operations();
    assert.ok(ops.length >= 17, `${ops.length} operations in /openapi.json`);
    for (const [opIndex, [path, method, op]] of ops.entries()) {
      const name = `${method.toUpperCase()} ${path}`;
      const statuses = seen.get(name) ?? new Map<number, number>();
      seen.set(name, statuses);
      for (const [roleIndex, [role, token]] of Object.entries(sessions).entries()) {
        // Each operation and session runs to its first failure; every failure is collected and all are reported.
        const outcome = await fc.check(
          fc.asyncProperty(requestArbitrary(path, op), async (req) => {
            requests += 1;
            const response = await backend.app.inject({
              // Hostile traffic comes from a stranger's address (TEST-NET-1, a label only: inject sends nothing),
              // so the login throttle it earns falls on that address, not on the clerks' (127.0.0.1) below.
              remoteAddress: '192.0.2.66',
              method: method.toUpperCase() as 'GET',
              url: req.query ? `${req.path}?${req.query}` : req.path,
              headers: {
                ...(token ? { authorization: `Bearer ${token}` } : {}),
                ...(req.idempotencyKey === undefined ? {} : { 'idempotency-key': req.idempotencyKey }),
                ...(req.body === null ? {} : { 'content-type': req.contentType }),
              },
              ...(req.body === null ? {} : { payload: req.body }),
            });
            statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
            const where = `${name} as ${role} → ${response.statusCode} ${response.body.slice(0, 300)}`;
            assert.ok(response.statusCode < 500, where);
            // A refusal names fields, never echoes what was sent (the hostile strings here run to 600 KB).
            if (response.statusCode >= 400) assert.ok(response.body.length < 8192, `refusal of ${response.body.length} bytes: ${where}`);
            const declared = op.responses[String(response.statusCode)];
            assert.ok(declared, `undeclared status: ${where}`);
            const schema = declared.content?.['application/json']?.schema;
            if (schema) {
              const validate = validatorFor(`${name} ${response.statusCode}`, schema);
              const body: unknown = response.json();
              assert.ok(validate(body), `body not as declared: ${where}\n${ajv.errorsText(validate.errors)}`);
            }
          }),
          { numRuns: RUNS, seed: SEED + opIndex * 16 + roleIndex, endOnFailure: true },
        );
        if (outcome.failed) failures.push(`${name} as ${role}: ${String((outcome.errorInstance as Error | undefined)?.message).split('\n')[0]}\n    case: ${JSON.stringify(outcome.counterexample?.[0]).slice(0, 400)}`);
        // A session the fuzzer ended (logout) or that timed out idle is signed in again for the next operation.
        if (token && (await backend.app.inject({ method: 'GET', url: '/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode === 401) {
          const loginId = { counter: 'minokamo.counter', department: 'minokamo.fukushi', supervisor: 'minokamo.supervisor', tenant_admin: 'minokamo.admin', other_tenant: 'sakahogi.counter' }[role]!;
          sessions[role] = await loginAs(backend, loginId);
        }
      }
    }
    const summary = [...seen].map(([name, counts]) => `${name}: ${[...counts].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ')}`);
    console.log(`fuzz: ${requests} requests in ${((performance.now() - started) / 1000).toFixed(1)} s (seed ${SEED}, ${RUNS} per operation and session)\n${summary.join('\n')}`);
    assert.equal(failures.length, 0, `${failures.length} operation×session failures:\n${failures.join('\n')}`);
    // Not only refusals: some cases get through to a handler's success (so the handlers themselves were exercised).
    assert.ok([...seen.values()].some((counts) => [...counts.keys()].some((status) => status < 300)));
  });

  it('the server is alive and well afterwards: health, a search, a visit read', async () => {
    const health = await backend.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(health.statusCode, 200, health.body);
    const counter = await loginAs(backend, 'minokamo.counter');
    const search = await backend.app.inject({ method: 'GET', url: `/v1/residents?q=${encodeURIComponent('ア')}`, headers: { authorization: `Bearer ${counter}` } });
    assert.equal(search.statusCode, 200, search.body);
    const visit = await backend.app.inject({ method: 'GET', url: `/v1/visits/${ids[0]}`, headers: { authorization: `Bearer ${counter}` } });
    assert.equal(visit.statusCode, 200, visit.body);
  });
});
