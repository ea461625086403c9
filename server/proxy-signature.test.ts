import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyChain } from './audit/chain';
import { DEMO_STAFF } from './demo/accounts';
import { coverageHouseholds } from './demo/generator';
import { idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

/**
 * 代筆 (proxy signature): a submission may carry the clerk's record of writing the resident's name for them
 * instead of a drawn signature. The backend checks its bounds, keeps it with the submission, and writes an
 * audit entry naming the clerk (the row's staff id) and the reason code — never the name written or the note.
 */
const MINOKAMO = '212113';

let backend: TestBackend;
let counter = '';
let supervisor = '';
let visitId = '';
const resident = coverageHouseholds(MINOKAMO)[0]?.residents[0];
const counterId = DEMO_STAFF.find((s) => s.loginId === 'minokamo.counter')!.staffId;

const WRITTEN_NAME = '代筆太郎テスト';
const NOTE = '右手を骨折しているため';

function post(url: string, token: string, payload: object) {
  return backend.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}`, 'idempotency-key': idempotencyKey() } });
}

function submission(proxy: Record<string, unknown> | undefined, extra: Record<string, unknown> = {}) {
  return {
    forms: [{ formId: 'resident_certificate_request', residentId: resident?.resident_id, fields: { copies: 1 } }],
    feeItems: [],
    ...(proxy ? { proxySignature: proxy } : {}),
    ...extra,
  };
}

const proxy = (overrides: Record<string, unknown> = {}) => ({ staffId: counterId, reason: 'hand_impairment', note: NOTE, writtenName: WRITTEN_NAME, signedAt: '2026-11-27T01:00:00.000Z', ...overrides });

async function count(table: 'submissions' | 'audit_log'): Promise<number> {
  const [row] = await backend.appQuery(MINOKAMO, `SELECT count(*)::int AS n FROM ${table}`);
  return Number(row?.n);
}

before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 3 });
  counter = await loginAs(backend, 'minokamo.counter');
  supervisor = await loginAs(backend, 'minokamo.supervisor');
  assert.ok(resident);
  const created = await post('/v1/visits', counter, { lifeEvent: 'certificate', procedures: [{ procedureId: 'resident_certificate', residentId: resident.resident_id, reason: '窓口での請求' }] });
  assert.equal(created.statusCode, 201, created.body);
  visitId = (created.json() as { visitId: string }).visitId;
});
after(() => backend.close());

/** A fresh visit: each visit takes one submission. */
async function newVisit(): Promise<string> {
  const created = await post('/v1/visits', counter, { lifeEvent: 'certificate', procedures: [{ procedureId: 'resident_certificate', residentId: resident?.resident_id, reason: '窓口での請求' }] });
  assert.equal(created.statusCode, 201, created.body);
  return (created.json() as { visitId: string }).visitId;
}

describe('代筆 (proxy signature) on a submission', () => {
  it('keeps the proxy record with the submission, shows the visit as signed by 代筆, and audits it with codes and ids only', async () => {
    const auditBefore = await count('audit_log');
    const response = await post(`/v1/visits/${visitId}/submissions`, counter, submission(proxy()));
    assert.equal(response.statusCode, 201, response.body);
    const { submissionId, receiptNumber } = response.json() as { submissionId: string; receiptNumber: string };

    const [row] = await backend.appQuery(MINOKAMO, 'SELECT signature_svg, proxy_signature FROM submissions WHERE submission_id = $1', [submissionId]);
    assert.equal(row?.signature_svg, null);
    assert.deepEqual(row?.proxy_signature, { staffId: counterId, reason: 'hand_impairment', note: NOTE, writtenName: WRITTEN_NAME, signedAt: '2026-11-27T01:00:00.000Z' });

    const visit = await backend.app.inject({ method: 'GET', url: `/v1/visits/${visitId}`, headers: { authorization: `Bearer ${counter}` } });
    const listed = (visit.json() as { submissions: { receiptNumber: string; signed: boolean; proxySigned: boolean }[] }).submissions.find((s) => s.receiptNumber === receiptNumber);
    assert.deepEqual([listed?.signed, listed?.proxySigned], [true, true]);

    const entries = await backend.appQuery(MINOKAMO, 'SELECT action, staff_id::text AS staff_id, resident_id, purpose, detail FROM audit_log WHERE seq > $1 ORDER BY seq', [auditBefore]);
    const proxyEntries = entries.filter((e) => e.purpose === 'proxy_signature');
    assert.equal(proxyEntries.length, 1, JSON.stringify(entries));
    assert.deepEqual(proxyEntries[0], { action: 'create', staff_id: counterId, resident_id: null, purpose: 'proxy_signature', detail: { visitId, submissionId, receiptNumber, reason: 'hand_impairment' } });
    const logged = JSON.stringify(entries);
    for (const secret of [WRITTEN_NAME, NOTE]) assert.ok(!logged.includes(secret), `the audit log holds ${secret}`);
    assert.ok((await verifyChainOf(MINOKAMO)).ok);
  });

  it('a drawn signature is audited as before, with no 代筆 entry', async () => {
    const fresh = await newVisit();
    const auditBefore = await count('audit_log');
    const response = await post(`/v1/visits/${fresh}/submissions`, counter, submission(undefined, { signatureSvg: 'M 0 0 L 5 5' }));
    assert.equal(response.statusCode, 201, response.body);
    const entries = await backend.appQuery(MINOKAMO, 'SELECT purpose FROM audit_log WHERE seq > $1', [auditBefore]);
    assert.deepEqual(entries.map((e) => e.purpose), ['certificate']);
  });

  it('refuses a 代筆 without a reason, out of bounds, or beside a drawing: 400 invalid_request naming the field, nothing stored', async () => {
    const { reason: _omitted, ...withoutReason } = proxy();
    const cases: [Record<string, unknown>, string][] = [
      [submission(withoutReason), 'body.proxySignature.reason'],
      [submission(proxy({ reason: 'in_a_hurry' })), 'body.proxySignature.reason'],
      [submission(proxy({ reason: 'other', note: '   ' })), 'body.proxySignature.note'],
      [submission(proxy({ note: 'x'.repeat(201) })), 'body.proxySignature.note'],
      [submission(proxy({ writtenName: '' })), 'body.proxySignature.writtenName'],
      [submission(proxy({ writtenName: 'x'.repeat(101) })), 'body.proxySignature.writtenName'],
      [submission(proxy({ writtenName: 'a\u0007b' })), 'body.proxySignature.writtenName'],
      // A lone surrogate is no text (PostgreSQL's jsonb refuses it: without the check it would be a 500).
      [submission(proxy({ writtenName: 'a\ud800b' })), 'body.proxySignature.writtenName'],
      [submission(proxy({ reason: 'other', note: '\udc00' })), 'body.proxySignature.note'],
      // A right-to-left override would show the name otherwise than it is stored.
      [submission(proxy({ writtenName: 'Silva \u202Eoãoj' })), 'body.proxySignature.writtenName'],
      [submission(proxy({ staffId: 'not-a-uuid' })), 'body.proxySignature.staffId'],
      [submission(proxy(), { signatureSvg: 'M 0 0' }), 'body.proxySignature'],
    ];
    const submissions = await count('submissions');
    const audit = await count('audit_log');
    for (const [body, field] of cases) {
      const response = await post(`/v1/visits/${visitId}/submissions`, counter, body);
      assert.equal(response.statusCode, 400, `${field}: ${response.body}`);
      const answer = response.json() as { code: string; details: { fields: string[] } };
      assert.equal(answer.code, 'invalid_request');
      assert.ok(answer.details.fields.includes(field), `${field} in ${answer.details.fields.join(',')}`);
    }
    // The "other" reason with its note is fine.
    const other = await post(`/v1/visits/${await newVisit()}/submissions`, counter, submission(proxy({ reason: 'other', note: '一時的に筆記具が持てない' })));
    assert.equal(other.statusCode, 201, other.body);
    assert.equal(await count('submissions'), submissions + 1);
    assert.ok((await count('audit_log')) > audit);
  });

  it("refuses a 代筆 in another staff member's name (422 proxy_signer_mismatch) and draws no receipt number", async () => {
    const submissions = await count('submissions');
    const response = await post(`/v1/visits/${visitId}/submissions`, supervisor, submission(proxy()));
    assert.equal(response.statusCode, 422, response.body);
    assert.equal((response.json() as { code: string }).code, 'proxy_signer_mismatch');
    assert.equal(await count('submissions'), submissions);
    const numbers = await backend.appQuery(MINOKAMO, 'SELECT receipt_number FROM submissions ORDER BY receipt_number');
    const next = await post(`/v1/visits/${await newVisit()}/submissions`, counter, submission(undefined));
    assert.equal(next.statusCode, 201);
    assert.equal(Number((next.json() as { receiptNumber: string }).receiptNumber.slice(5)), numbers.length + 1, 'no gap');
  });
});

function verifyChainOf(tenantId: string) {
  return backend.db.transaction(tenantId, (sql) => verifyChain(sql, tenantId));
}
