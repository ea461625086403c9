import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Newcomer } from '../shared/api/schemas';
import { CLAIM_ATTEMPTS } from './routes/handoffs';
import { idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

/**
 * 特例転入 between member towns: 美濃加茂市 hands the 転出証明書 items of a submitted 転出 to 坂祝町, which claims
 * them once with the code on the receipt and a birth date, and registers the family as newcomers of its own.
 */
const MINOKAMO = '212113';
const SAKAHOGI = '215015';

let backend: TestBackend;
const tokens: Record<string, string> = {};

function post(url: string, token: string, payload: object, key: string = idempotencyKey()) {
  return backend.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } });
}
function get(url: string, token: string) {
  return backend.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}
async function login(...names: string[]): Promise<void> {
  for (const name of names) tokens[name] = await loginAs(backend, name);
}

interface Mover {
  resident_id: string;
  household_id: string;
  name: string;
  birth_date: string;
  relation: string;
}

/** A 美濃加茂市 household of two or more, moving out: its 転出 visit, submitted. */
async function movingOutVisit(skip: string[] = []): Promise<{ visitId: string; movers: Mover[] }> {
  const households = await backend.appQuery(
    MINOKAMO,
    `SELECT household_id FROM residents WHERE status = 'active' AND NOT (household_id = ANY($1::uuid[]))
      GROUP BY household_id HAVING count(*) >= 2 ORDER BY household_id LIMIT 1`,
    [skip],
  );
  const householdId = households[0]?.household_id as string;
  assert.ok(householdId, 'a demo household of two or more');
  const movers = (await backend.appQuery(MINOKAMO, "SELECT resident_id, household_id, name, birth_date::text AS birth_date, relation FROM residents WHERE household_id = $1 AND status = 'active' ORDER BY resident_id", [
    householdId,
  ])) as unknown as Mover[];
  const created = await post('/v1/visits', tokens['minokamo.counter']!, {
    lifeEvent: 'moving_out',
    householdId,
    procedures: movers.map((m) => ({ procedureId: 'moving_out_notification', residentId: m.resident_id, reason: '転出' })),
  });
  assert.equal(created.statusCode, 201, created.body);
  return { visitId: (created.json() as { visitId: string }).visitId, movers };
}

const submit = (visitId: string) => post(`/v1/visits/${visitId}/submissions`, tokens['minokamo.counter']!, { forms: [], feeItems: [], signatureSvg: 'M0 0' });

async function auditOf(tenantId: string, afterSeq: number) {
  return backend.appQuery(tenantId, 'SELECT seq, action, purpose, resident_id, staff_id, detail FROM audit_log WHERE seq > $1 ORDER BY seq', [afterSeq]);
}
async function lastSeq(tenantId: string): Promise<number> {
  return Number((await backend.appQuery(tenantId, 'SELECT coalesce(max(seq), 0)::int AS n FROM audit_log'))[0]?.n);
}

before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 6 });
  await login('minokamo.counter', 'minokamo.supervisor', 'sakahogi.counter', 'sakahogi.supervisor');
});
after(() => backend.close());

describe('特例転入: the handoff between member towns', () => {
  let code = '';
  let movers: Mover[] = [];
  let claimed: { handoffId: string; sourceTenantId: string; members: Newcomer[] };

  it('is made by the town they leave, for a submitted 転出 only, to another member town, with a one-time code', async () => {
    const out = await movingOutVisit();
    movers = out.movers;
    const body = { visitId: out.visitId, destinationTenantId: SAKAHOGI, residentIds: movers.map((m) => m.resident_id), movingOutOn: '2026-12-05' };
    const early = await post('/v1/handoffs', tokens['minokamo.counter']!, body);
    assert.equal(early.statusCode, 422, early.body);
    assert.equal((early.json() as { code: string }).code, 'handoff_not_submitted');
    assert.equal((await submit(out.visitId)).statusCode, 201);

    for (const destinationTenantId of [MINOKAMO, '999999']) {
      const refused = await post('/v1/handoffs', tokens['minokamo.counter']!, { ...body, destinationTenantId });
      assert.equal(refused.statusCode, 422, refused.body);
      assert.equal((refused.json() as { code: string }).code, 'handoff_unknown_destination');
    }
    const seq = await lastSeq(MINOKAMO);
    const key = idempotencyKey();
    const created = await post('/v1/handoffs', tokens['minokamo.counter']!, body, key);
    assert.equal(created.statusCode, 201, created.body);
    const handoff = created.json() as { handoffId: string; code: string; expiresOn: string; members: number; destinationTenantId: string };
    assert.match(handoff.code, /^[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}$/);
    assert.equal(handoff.expiresOn, '2027-01-04', '30 days after the 転出予定日');
    assert.equal(handoff.members, movers.length);
    code = handoff.code;
    // The replay answers the same code; the backend stores only a keyed hash of it, nowhere the code itself.
    const replay = await post('/v1/handoffs', tokens['minokamo.counter']!, body, key);
    assert.deepEqual(replay.json(), created.json());
    const stored = await backend.ownerQuery("SELECT (SELECT count(*)::int FROM handoffs WHERE code_hash LIKE '%' || $1 || '%' OR items::text LIKE '%' || $1 || '%') AS handoffs, (SELECT count(*)::int FROM idempotency_keys WHERE response::text LIKE '%' || $1 || '%') AS keys", [code]);
    assert.deepEqual(stored, [{ handoffs: 0, keys: 0 }]);
    const again = await post('/v1/handoffs', tokens['minokamo.counter']!, body);
    assert.equal(again.statusCode, 409, again.body);
    const audit = await auditOf(MINOKAMO, seq);
    assert.deepEqual(
      audit.map((row) => [row.action, row.purpose, row.resident_id]),
      [...movers].sort((a, b) => Number(b.relation === '世帯主') - Number(a.relation === '世帯主') || a.birth_date.localeCompare(b.birth_date) || a.resident_id.localeCompare(b.resident_id)).map((m) => ['create', 'handoff', m.resident_id]),
    );
  });

  it('is claimed only by the destination, with the code and one member’s birth date; the same answer for a wrong code or date', async () => {
    const claim = (token: string, payload: object, key?: string) => post('/v1/handoffs/claim', token, payload, key);
    const birthDate = movers[1]!.birth_date;
    const own = await claim(tokens['minokamo.counter']!, { code, birthDate });
    const wrongDate = await claim(tokens['sakahogi.counter']!, { code, birthDate: '1901-01-01' });
    const wrongCode = await claim(tokens['sakahogi.counter']!, { code: code.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')), birthDate });
    for (const refused of [own, wrongDate, wrongCode]) {
      assert.equal(refused.statusCode, 404, refused.body);
      assert.deepEqual(refused.json(), wrongCode.json(), 'an answer that tells which part was wrong');
    }
    assert.equal((wrongCode.json() as { code: string }).code, 'handoff_not_found');
    const malformed = await claim(tokens['sakahogi.counter']!, { code: 'IIIII-OOOOO', birthDate });
    assert.equal(malformed.statusCode, 400);

    const seq212 = await lastSeq(MINOKAMO);
    const seq215 = await lastSeq(SAKAHOGI);
    const key = idempotencyKey();
    // Typed as printed or not: lower case, without the hyphen.
    const typed = { code: code.replace('-', '').toLowerCase(), birthDate };
    const accepted = await claim(tokens['sakahogi.counter']!, typed, key);
    assert.equal(accepted.statusCode, 200, accepted.body);
    claimed = accepted.json() as typeof claimed;
    assert.equal(claimed.sourceTenantId, MINOKAMO);
    assert.deepEqual(claimed.members.map((m) => m.name).sort(), movers.map((m) => m.name).sort());
    // Fresh ids, made by the receiving backend: 美濃加茂市's ids do not leave it.
    for (const mover of movers) assert.ok(!accepted.body.includes(mover.resident_id) && !accepted.body.includes(mover.household_id));
    assert.ok(claimed.members.every((m) => m.movedOutOn === '2026-12-05' && m.previousAddress.length > 0));
    assert.deepEqual((await claim(tokens['sakahogi.counter']!, typed, key)).json(), claimed, 'the replay answers the same');
    const second = await claim(tokens['sakahogi.counter']!, { code, birthDate });
    assert.equal(second.statusCode, 409, second.body);
    assert.equal((second.json() as { code: string }).code, 'handoff_claimed');

    // Audited on both sides: 美濃加茂市 handed each resident off; 坂祝町 received the handoff.
    const out = await auditOf(MINOKAMO, seq212);
    assert.deepEqual(out.map((row) => [row.action, row.purpose, row.staff_id]).sort(), movers.map(() => ['export', 'handoff', null]));
    assert.deepEqual(out.map((row) => row.resident_id).sort(), movers.map((m) => m.resident_id).sort());
    const received = (await auditOf(SAKAHOGI, seq215)).filter((row) => row.purpose === 'handoff');
    assert.deepEqual(received.map((row) => [row.action, (row.detail as { sourceTenantId: string }).sourceTenantId]), [['import', MINOKAMO]]);
    assert.ok(!JSON.stringify([out, received]).includes(movers[0]!.name), 'a name in an audit log');
  });

  it('registers the family in the receiving town only, and leaves the town they left untouched', async () => {
    const before212 = await backend.appQuery(MINOKAMO, 'SELECT * FROM residents WHERE resident_id = ANY($1::uuid[]) ORDER BY resident_id', [movers.map((m) => m.resident_id)]);
    const householdId = crypto.randomUUID();
    // The claimed members go into newHousehold as they are, with the head's relation as recorded.
    const members = claimed.members.some((m) => m.relation === '世帯主') ? claimed.members : claimed.members.map((m, i) => (i === 0 ? { ...m, relation: '世帯主' } : m));
    const created = await post('/v1/visits', tokens['sakahogi.counter']!, {
      lifeEvent: 'moving_in',
      newHousehold: { householdId, address: '岐阜県加茂郡坂祝町取組46番地18', movedInOn: '2026-12-06', intake: 'handoff', members },
      procedures: members.map((m) => ({ procedureId: 'moving_in_notification', residentId: m.residentId, reason: '特例転入' })),
    });
    assert.equal(created.statusCode, 201, created.body);
    const submitted = await post(`/v1/visits/${(created.json() as { visitId: string }).visitId}/submissions`, tokens['sakahogi.counter']!, { forms: [], feeItems: [], signatureSvg: 'M0 0' });
    assert.equal(submitted.statusCode, 201, submitted.body);
    assert.deepEqual((submitted.json() as { registered: unknown }).registered, { householdId, residentIds: members.map((m) => m.residentId) });
    const found = await get(`/v1/residents?${new URLSearchParams({ q: members[0]!.name, birthDate: members[0]!.birthDate })}`, tokens['sakahogi.counter']!);
    assert.deepEqual((found.json() as { results: { residentId: string }[] }).results.map((r) => r.residentId), [members[0]!.residentId]);
    const owners = await backend.ownerQuery('SELECT DISTINCT tenant_id FROM residents WHERE resident_id = ANY($1::uuid[])', [members.map((m) => m.residentId)]);
    assert.deepEqual(owners, [{ tenant_id: SAKAHOGI }]);
    assert.deepEqual(await backend.appQuery(MINOKAMO, 'SELECT * FROM residents WHERE resident_id = ANY($1::uuid[]) ORDER BY resident_id', [movers.map((m) => m.resident_id)]), before212);
  });

  it('expires 30 days after the 転出予定日', async () => {
    const out = await movingOutVisit(movers.map((m) => m.household_id));
    assert.equal((await submit(out.visitId)).statusCode, 201);
    const created = await post('/v1/handoffs', tokens['minokamo.counter']!, { visitId: out.visitId, destinationTenantId: SAKAHOGI, residentIds: [out.movers[0]!.resident_id], movingOutOn: '2026-11-28' });
    assert.equal(created.statusCode, 201, created.body);
    const { code: expiring } = created.json() as { code: string };
    backend.now.value = new Date('2026-12-29T01:00:00.000Z'); // 31 days after the 転出予定日, in Japan
    await login('sakahogi.counter');
    const late = await post('/v1/handoffs/claim', tokens['sakahogi.counter']!, { code: expiring, birthDate: out.movers[0]!.birth_date });
    assert.equal(late.statusCode, 410, late.body);
    assert.equal((late.json() as { code: string }).code, 'handoff_expired');
  });

  it('stops answering a clerk after repeated refused claims', async () => {
    const token = tokens['sakahogi.supervisor'] = await loginAs(backend, 'sakahogi.supervisor');
    for (let i = 0; i < CLAIM_ATTEMPTS; i += 1) {
      const refused = await post('/v1/handoffs/claim', token, { code: 'ABCDE-FGHJK', birthDate: '1980-01-01' });
      assert.equal(refused.statusCode, 404, refused.body);
    }
    const throttled = await post('/v1/handoffs/claim', token, { code: 'ABCDE-FGHJK', birthDate: '1980-01-01' });
    assert.equal(throttled.statusCode, 429, throttled.body);
    assert.equal((throttled.json() as { code: string }).code, 'handoff_throttled');
  });

  it('keeps both audit chains whole', async () => {
    for (const name of ['minokamo.supervisor', 'sakahogi.supervisor']) {
      const token = await loginAs(backend, name);
      const verify = await get('/v1/audit/verify', token);
      assert.equal(verify.statusCode, 200, verify.body);
      assert.equal((verify.json() as { ok: boolean }).ok, true, name);
    }
  });
});

describe('特例転入: the member towns a 転出 can be handed to', () => {
  it('lists every other member town by code and name, and nothing else', async () => {
    const minokamo = await get('/v1/member-towns', await loginAs(backend, 'minokamo.counter'));
    assert.equal(minokamo.statusCode, 200, minokamo.body);
    assert.deepEqual(minokamo.json(), { towns: [{ tenantId: SAKAHOGI, nameJa: '坂祝町', nameEn: 'Sakahogi Town' }] });
    const sakahogi = await get('/v1/member-towns', await loginAs(backend, 'sakahogi.counter'));
    assert.deepEqual(sakahogi.json(), { towns: [{ tenantId: MINOKAMO, nameJa: '美濃加茂市', nameEn: 'Minokamo City' }] });
  });

  it('answers only a signed-in clerk', async () => {
    const anonymous = await backend.app.inject({ method: 'GET', url: '/v1/member-towns' });
    assert.equal(anonymous.statusCode, 401);
  });
});
