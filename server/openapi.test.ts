import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestBackend, type TestBackend } from './test-support';

/**
 * /openapi.json tells the whole truth (issue 13): what the door and the handlers can answer is declared for each
 * operation with the error schema, the Idempotency-Key header where a change needs it, and the one operation
 * without a session says so. (The fuzz suite checks the other direction: every status actually returned is declared.)
 */
interface Operation {
  security?: unknown[];
  description?: string;
  parameters?: { in: string; name: string; required?: boolean; description?: string }[];
  requestBody?: unknown;
  responses: Record<string, { content?: { 'application/json'?: { schema: { properties?: Record<string, unknown>; required?: string[] } } } }>;
}

let backend: TestBackend;
let operations: [string, Operation][] = [];

before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 1 });
  const doc = (await backend.app.inject({ method: 'GET', url: '/openapi.json' })).json() as { paths: Record<string, Record<string, Operation>> };
  operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]));
});
after(() => backend.close());

const isErrorSchema = (response: Operation['responses'][string] | undefined) => {
  const schema = response?.content?.['application/json']?.schema;
  return Boolean(schema?.properties?.code && schema.properties.message && schema.required?.includes('code') && schema.required.includes('message'));
};

describe('/openapi.json declares what each operation can answer', () => {
  it('every operation but signing in needs a session and declares 401; signing in says it needs none', () => {
    assert.ok(operations.length >= 17);
    for (const [name, op] of operations) {
      if (name === 'POST /v1/auth/login' || name === 'GET /healthz') {
        assert.deepEqual(op.security, [], name);
        continue;
      }
      assert.notDeepEqual(op.security, [], name);
      assert.ok(isErrorSchema(op.responses['401']), `${name} declares 401 with the error schema`);
    }
  });

  it('400 wherever there is input, 413 and 415 wherever there is a body, 414 everywhere — each with the error schema', () => {
    for (const [name, op] of operations) {
      if (name === 'GET /healthz') continue;
      assert.ok(isErrorSchema(op.responses['414']), `${name}: 414`);
      if (op.parameters?.length || op.requestBody) assert.ok(isErrorSchema(op.responses['400']), `${name}: 400`);
      if (op.requestBody) {
        assert.ok(isErrorSchema(op.responses['413']), `${name}: 413`);
        assert.ok(isErrorSchema(op.responses['415']), `${name}: 415`);
      }
      if (op.parameters?.some((p) => p.in === 'path')) assert.ok(isErrorSchema(op.responses['404']), `${name}: 404`);
    }
  });

  it('every change declares its required Idempotency-Key header, and 409 and 422', () => {
    const changes = operations.filter(([name]) => /^(POST|PUT|PATCH|DELETE) /.test(name) && name !== 'POST /v1/auth/login');
    assert.ok(changes.length >= 8, changes.map(([name]) => name).join(', '));
    for (const [name, op] of changes) {
      const header = op.parameters?.find((p) => p.in === 'header' && p.name === 'idempotency-key');
      assert.equal(header?.required, true, `${name}: Idempotency-Key`);
      assert.ok(isErrorSchema(op.responses['409']) && isErrorSchema(op.responses['422']), `${name}: 409 and 422`);
    }
    const login = operations.find(([name]) => name === 'POST /v1/auth/login')?.[1];
    assert.equal(login?.parameters?.some((p) => p.name === 'idempotency-key') ?? false, false);
  });

  it('roles that are refused are declared (403), and so are the handlers’ own statuses', () => {
    for (const name of ['POST /v1/visits', 'POST /v1/visits/{id}/submissions', 'POST /v1/handoffs', 'POST /v1/handoffs/claim', 'GET /v1/member-towns', 'POST /v1/staff/{id}/unlock', 'GET /v1/audit', 'GET /v1/admin/export', 'POST /v1/admin/import', 'PUT /v1/visits/{id}/procedures/{procedureId}']) {
      const op = operations.find(([n]) => n === name)?.[1];
      assert.ok(isErrorSchema(op?.responses['403']), `${name}: 403`);
    }
    const claim = operations.find(([n]) => n === 'POST /v1/handoffs/claim')?.[1];
    assert.ok(isErrorSchema(claim?.responses['410']) && isErrorSchema(claim?.responses['429']));
    // Login is throttled (429 with Retry-After), never locked (no 423 any more).
    const login = operations.find(([n]) => n === 'POST /v1/auth/login')?.[1];
    assert.ok(isErrorSchema(login?.responses['429']));
    assert.equal(login?.responses['423'], undefined);
  });

  it('the search says that it needs q or residenceCardNumber', () => {
    const search = operations.find(([n]) => n === 'GET /v1/residents')?.[1];
    assert.match(search?.description ?? '', /`q` and `residenceCardNumber` is required/);
    assert.match(search?.parameters?.find((p) => p.name === 'q')?.description ?? '', /required unless residenceCardNumber/);
  });
});
