import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { coverageHouseholds } from './demo/generator';
import { idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

/**
 * Mutating requests are answered once per Idempotency-Key (a double-tapped or retried submission makes one
 * row and one receipt number), receipt numbers are gap-free, and fees come from the tenant's catalog.
 */
const MINOKAMO = '212113';

let backend: TestBackend;
let counter = '';
let supervisor = '';
let visitId = '';
let certificateFee = 0;
const resident = coverageHouseholds(MINOKAMO)[0]?.residents[0];

interface CatalogEntry {
  procedureId: string;
  lifeEvent: string;
  feeYen: number;
}
interface Submission {
  submissionId: string;
  visitId: string;
  receiptNumber: string;
  feeYen: number;
  createdAt: string;
}

function post(url: string, token: string, payload: object, key: string | null = idempotencyKey()) {
  return backend.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { authorization: `Bearer ${token}`, ...(key === null ? {} : { 'idempotency-key': key }) },
  });
}

function submission(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    forms: [{ formId: 'resident_certificate_request', residentId: resident?.resident_id, fields: { copies: 2, purpose: '勤務先提出' } }],
    feeItems: [{ procedureId: 'resident_certificate', count: 2 }],
    ...overrides,
  };
}

async function submissionCount(where = 'TRUE', params: unknown[] = []): Promise<number> {
  const [row] = await backend.appQuery(MINOKAMO, `SELECT count(*)::int AS n FROM submissions WHERE ${where}`, params);
  return Number(row?.n);
}

/** A fresh 住民票 visit: each visit takes one submission. */
async function newVisit(): Promise<string> {
  const response = await post('/v1/visits', counter, { lifeEvent: 'certificate', procedures: [{ procedureId: 'resident_certificate', residentId: resident?.resident_id, reason: '住民票の写しの請求' }] });
  assert.equal(response.statusCode, 201, response.body);
  return (response.json() as { visitId: string }).visitId;
}

/** '2026-000042' → 42 */
function serial(receiptNumber: string): number {
  const match = /^(\d{4})-(\d{6})$/.exec(receiptNumber);
  assert.ok(match, receiptNumber);
  return Number(match[2]);
}

before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 5 });
  counter = await loginAs(backend, 'minokamo.counter');
  supervisor = await loginAs(backend, 'minokamo.supervisor');
});
after(() => backend.close());

describe('visits', () => {
  it('opens a visit with a procedure from GET /v1/catalog', async () => {
    assert.ok(resident);
    const catalog = await backend.app.inject({ method: 'GET', url: '/v1/catalog', headers: { authorization: `Bearer ${counter}` } });
    assert.equal(catalog.statusCode, 200);
    const procedures = (catalog.json() as { procedures: CatalogEntry[] }).procedures;
    const certificate = procedures.find((p) => p.procedureId === 'resident_certificate');
    assert.ok(certificate, 'resident_certificate is in the catalog');
    certificateFee = certificate.feeYen;
    assert.equal(certificateFee, 300);

    const response = await post('/v1/visits', counter, {
      lifeEvent: certificate.lifeEvent,
      procedures: [{ procedureId: certificate.procedureId, residentId: resident.resident_id, reason: '住民票の写しの請求' }],
    });
    assert.equal(response.statusCode, 201, response.body);
    const visit = response.json() as { visitId: string; procedures: { procedureId: string; residentId: string | null; status: string }[] };
    visitId = visit.visitId;
    assert.deepEqual(visit.procedures.map((p) => [p.procedureId, p.residentId, p.status]), [['resident_certificate', resident.resident_id, 'waiting']]);
  });

  it('opens a visit whose procedure concerns no single resident (residentId omitted)', async () => {
    // A household-level or not-yet-identified procedure: the schema makes residentId optional.
    const response = await post('/v1/visits', counter, {
      lifeEvent: 'certificate',
      procedures: [{ procedureId: 'resident_certificate', reason: '窓口での請求' }],
    });
    assert.equal(response.statusCode, 201, response.body);
    const visit = response.json() as { procedures: { residentId: string | null }[] };
    assert.equal(visit.procedures[0]?.residentId, null);
  });

  it('refuses a procedure that is not in the catalog (400 unknown_procedure) and creates nothing', async () => {
    const [before] = await backend.appQuery(MINOKAMO, 'SELECT count(*)::int AS n FROM visits');
    const response = await post('/v1/visits', counter, { lifeEvent: 'certificate', procedures: [{ procedureId: 'free_money', residentId: resident?.resident_id, reason: 'x' }] });
    assert.equal(response.statusCode, 400);
    assert.equal((response.json() as { code: string }).code, 'unknown_procedure');
    const [after] = await backend.appQuery(MINOKAMO, 'SELECT count(*)::int AS n FROM visits');
    assert.equal(after?.n, before?.n);
  });
});

describe('Idempotency-Key', () => {
  it('the same submission sent 20 times at once → one row and 20 identical answers', async () => {
    assert.ok(visitId);
    const before = await submissionCount('visit_id = $1', [visitId]);
    const key = idempotencyKey();
    const payload = submission();
    const responses = await Promise.all(Array.from({ length: 20 }, () => post(`/v1/visits/${visitId}/submissions`, counter, payload, key)));
    const statuses = responses.map((r) => r.statusCode);
    assert.deepEqual(statuses, Array(20).fill(201), responses.map((r) => r.body).find((b, i) => statuses[i] !== 201));
    const first = responses[0]?.json() as Submission;
    assert.match(first.receiptNumber, /^2026-\d{6}$/);
    assert.equal(first.feeYen, 600);
    for (const response of responses) assert.deepEqual(response.json(), first);
    assert.equal(await submissionCount('visit_id = $1', [visitId]), before + 1);
    assert.equal(await submissionCount('receipt_number = $1', [first.receiptNumber]), 1);

    // A later retry with the same key and body gets the same answer again, still without a new row.
    const retry = await post(`/v1/visits/${visitId}/submissions`, counter, payload, key);
    assert.equal(retry.statusCode, 201);
    assert.deepEqual(retry.json(), first);
    assert.equal(await submissionCount('visit_id = $1', [visitId]), before + 1);
  });

  it('the same key with a different body → 422 idempotency_key_reused, nothing created', async () => {
    const key = idempotencyKey();
    const visitId = await newVisit();
    const first = await post(`/v1/visits/${visitId}/submissions`, counter, submission(), key);
    assert.equal(first.statusCode, 201);
    const count = await submissionCount();
    const changed = await post(`/v1/visits/${visitId}/submissions`, counter, submission({ feeItems: [{ procedureId: 'resident_certificate', count: 3 }] }), key);
    assert.equal(changed.statusCode, 422);
    assert.equal((changed.json() as { code: string }).code, 'idempotency_key_reused');
    // The same key on another route, or from another staff member, does not replay the first answer either.
    const otherRoute = await post('/v1/visits', counter, { lifeEvent: 'certificate', procedures: [{ procedureId: 'resident_certificate', residentId: resident?.resident_id, reason: 'x' }] }, key);
    assert.equal(otherRoute.statusCode, 422);
    const otherStaff = await post(`/v1/visits/${visitId}/submissions`, supervisor, submission(), key);
    assert.equal(otherStaff.statusCode, 422);
    assert.equal(await submissionCount(), count);
  });

  it('a visit takes one submission: a second is 409 visit_already_submitted, the replay of the first key its stored receipt', async () => {
    const visitId = await newVisit();
    const key = idempotencyKey();
    const first = await post(`/v1/visits/${visitId}/submissions`, counter, submission(), key);
    assert.equal(first.statusCode, 201, first.body);
    const count = await submissionCount('visit_id = $1', [visitId]);
    const second = await post(`/v1/visits/${visitId}/submissions`, counter, submission());
    assert.equal(second.statusCode, 409, second.body);
    assert.equal((second.json() as { code: string }).code, 'visit_already_submitted');
    const alsoBySupervisor = await post(`/v1/visits/${visitId}/submissions`, supervisor, submission({ feeItems: [] }));
    assert.equal(alsoBySupervisor.statusCode, 409);
    const replay = await post(`/v1/visits/${visitId}/submissions`, counter, submission(), key);
    assert.equal(replay.statusCode, 201);
    assert.deepEqual(replay.json(), first.json());
    assert.equal(await submissionCount('visit_id = $1', [visitId]), count);
    assert.equal(count, 1);
  });

  it('a mutating request without the header → 400 idempotency_key_required', async () => {
    const count = await submissionCount();
    const cases = [
      post(`/v1/visits/${visitId}/submissions`, counter, submission(), null),
      post(`/v1/visits/${visitId}/submissions`, counter, submission(), 'short'),
      post('/v1/visits', counter, { lifeEvent: 'certificate', procedures: [{ procedureId: 'resident_certificate', residentId: resident?.resident_id, reason: 'x' }] }, null),
      backend.app.inject({ method: 'PUT', url: `/v1/visits/${visitId}/procedures/resident_certificate`, payload: { status: 'done', residentId: resident?.resident_id }, headers: { authorization: `Bearer ${counter}` } }),
      post('/v1/auth/logout', counter, {}, null),
    ];
    for (const response of await Promise.all(cases)) {
      assert.equal(response.statusCode, 400, response.body);
      assert.equal((response.json() as { code: string }).code, 'idempotency_key_required');
    }
    assert.equal(await submissionCount(), count);
  });

  it('a request that failed does not use up its key: the corrected retry with that key is accepted', async () => {
    const key = idempotencyKey();
    const visitId = await newVisit();
    const bad = await post(`/v1/visits/${visitId}/submissions`, counter, submission({ feeItems: [{ procedureId: 'no_such_procedure', count: 1 }] }), key);
    assert.equal(bad.statusCode, 400);
    const good = await post(`/v1/visits/${visitId}/submissions`, counter, submission(), key);
    assert.equal(good.statusCode, 201, good.body);
  });
});

describe('receipt numbers and fees', () => {
  it('receipt numbers are consecutive, also across submissions that failed in between', async () => {
    const numbers: number[] = [];
    const ok = async () => {
      const response = await post(`/v1/visits/${await newVisit()}/submissions`, counter, submission());
      assert.equal(response.statusCode, 201, response.body);
      numbers.push(serial((response.json() as Submission).receiptNumber));
    };
    await ok();
    // Fails validation before a number is drawn.
    const unknown = await post(`/v1/visits/${visitId}/submissions`, counter, submission({ feeItems: [{ procedureId: 'no_such_procedure', count: 1 }] }));
    assert.equal(unknown.statusCode, 400);
    assert.equal((unknown.json() as { code: string }).code, 'unknown_procedure');
    await ok();
    // Fails after the number was drawn (the database refuses a NUL character in jsonb): the number rolls back.
    const count = await submissionCount();
    const nul = await post(`/v1/visits/${await newVisit()}/submissions`, counter, submission({ forms: [{ formId: 'f', fields: { note: 'a\u0000b' } }] }));
    assert.ok(nul.statusCode >= 400, `status ${nul.statusCode}`);
    assert.equal(await submissionCount(), count);
    await ok();
    // Unknown visit: 404 before a number is drawn.
    const noVisit = await post('/v1/visits/00000000-0000-4000-8000-000000000000/submissions', counter, submission());
    assert.equal(noVisit.statusCode, 404);
    await ok();
    assert.deepEqual(numbers, [numbers[0], (numbers[0] ?? 0) + 1, (numbers[0] ?? 0) + 2, (numbers[0] ?? 0) + 3]);

    // And over the whole table: 1…N without a gap or a duplicate.
    const rows = await backend.appQuery(MINOKAMO, 'SELECT receipt_number FROM submissions ORDER BY receipt_number');
    const all = rows.map((r) => serial(String(r.receipt_number)));
    assert.deepEqual(all, all.map((_, i) => i + 1));
  });

  it('the fee comes from the catalog (300 × 2 = 600), never from the client', async () => {
    assert.equal(certificateFee, 300);
    const response = await post(`/v1/visits/${await newVisit()}/submissions`, counter, submission({ feeYen: 1, fee: 0, feeItems: [{ procedureId: 'resident_certificate', count: 2, feeYen: 1 }] }));
    assert.equal(response.statusCode, 201, response.body);
    const result = response.json() as Submission;
    assert.equal(result.feeYen, certificateFee * 2);
    const [row] = await backend.appQuery(MINOKAMO, 'SELECT fee_yen FROM submissions WHERE submission_id = $1', [result.submissionId]);
    assert.equal(row?.fee_yen, 600);

    const several = await post(`/v1/visits/${await newVisit()}/submissions`, counter, submission({ feeItems: [{ procedureId: 'resident_certificate', count: 3 }, { procedureId: 'moving_in_notification', count: 1 }] }));
    assert.equal((several.json() as Submission).feeYen, 900);
    const none = await post(`/v1/visits/${await newVisit()}/submissions`, counter, submission({ feeItems: [] }));
    assert.equal((none.json() as Submission).feeYen, 0);
  });

  it('a form value the database cannot store (a NUL character) → 400, not 500', async () => {
    const response = await post(`/v1/visits/${await newVisit()}/submissions`, counter, submission({ forms: [{ formId: 'f', fields: { note: 'a\u0000b' } }] }));
    assert.equal(response.statusCode, 400, response.body);
  });
});
