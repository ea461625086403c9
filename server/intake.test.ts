import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { NewHousehold, Newcomer } from '../shared/api/schemas';
import { idempotencyKey, loginAs, startTestBackend, type TestBackend } from './test-support';

/**
 * 転入 of people who are not in the register yet: the visit keeps the household pending (invisible to search,
 * household reads and department queues) and the submission registers it, once, in its own transaction.
 */
const SAKAHOGI = '215015';

let backend: TestBackend;
let counter = '';
let supervisor = '';

function post(url: string, token: string, payload: object, key = idempotencyKey()) {
  return backend.app.inject({ method: 'POST', url, payload, headers: { authorization: `Bearer ${token}`, 'idempotency-key': key } });
}
function get(url: string, token: string) {
  return backend.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });
}

/** Name parts no demo resident has (and no other test family), so a search hit can only be this newcomer. */
const pick = (letters: string) => Array.from({ length: 4 }, () => letters[Math.floor(Math.random() * letters.length)]).join('');
const unique = () => ({ kanji: pick('鷲鶴鷹鳩鴨燕雀鵜鷺鴫'), kana: pick('ヌヘホモヤユヨワヲネ'), latin: pick('QXZJKWVY') });

function newcomer(overrides: Partial<Newcomer> = {}): Newcomer {
  return {
    residentId: randomUUID(),
    relation: '世帯主',
    kind: 'japanese',
    name: '転入\u3000太郎',
    nameKana: 'テンニュウ\u3000タロウ',
    alphabetName: null,
    birthDate: '1985-04-02',
    sex: 1,
    nationality: null,
    residenceCategory: null,
    residenceStatus: null,
    periodOfStay: null,
    stayExpiresOn: null,
    residenceCardNumber: null,
    hasMyNumberCard: true,
    previousAddress: '岐阜県可児市広見一丁目1番地',
    movedOutOn: '2026-11-20',
    honseki: '岐阜県可児市広見一丁目1番地',
    hittousha: '転入\u3000太郎',
    landingPermission: null,
    ...overrides,
  };
}

/** A family of three from the 転出証明書: the head, a Brazilian spouse and their child. */
function family(): NewHousehold {
  const tag = unique();
  return {
    householdId: randomUUID(),
    address: '岐阜県加茂郡坂祝町取組46番地18',
    movedInOn: '2026-11-25',
    intake: 'moving_out_certificate',
    members: [
      newcomer({ name: `転入\u3000${tag.kanji}太郎`, nameKana: `テンニュウ\u3000${tag.kana}` }),
      newcomer({
        relation: '妻',
        kind: 'foreign',
        name: `SILVA ${tag.latin} ANA`,
        nameKana: null,
        alphabetName: `SILVA ${tag.latin} ANA`,
        birthDate: '1988-09-14',
        sex: 2,
        nationality: 'BR',
        residenceCategory: '中長期在留者',
        residenceStatus: '日本人の配偶者等',
        periodOfStay: '3年',
        stayExpiresOn: '2028-05-01',
        residenceCardNumber: 'AB12345678CD',
        hasMyNumberCard: false,
        honseki: null,
        hittousha: null,
      }),
      newcomer({ relation: '子', name: `転入\u3000${tag.kanji}花`, nameKana: `テンニュウ\u3000${tag.kana}ハナ`, birthDate: '2019-06-30', sex: 2 }),
    ],
  };
}

const visitOf = (household: NewHousehold, extra: Record<string, unknown> = {}) => ({
  lifeEvent: 'moving_in',
  newHousehold: household,
  language: 'pt-BR',
  procedures: household.members.map((member) => ({ procedureId: 'moving_in_notification', residentId: member.residentId, reason: '転入' })),
  ...extra,
});

const submissionOf = (household: NewHousehold) => ({
  forms: household.members.map((member) => ({ formId: 'moving_in_notification', residentId: member.residentId, fields: {} })),
  feeItems: [],
  signatureSvg: 'M0 0 L10 10',
});

async function registeredCount(ids: string[]): Promise<{ households: number; residents: number }> {
  const [row] = await backend.appQuery(
    SAKAHOGI,
    'SELECT (SELECT count(*)::int FROM households WHERE household_id = ANY($1::uuid[])) AS households, (SELECT count(*)::int FROM residents WHERE resident_id = ANY($1::uuid[])) AS residents',
    [ids],
  );
  return { households: Number(row?.households), residents: Number(row?.residents) };
}

/** The visits waiting in a department's queue. */
async function queueOf(department: string): Promise<string[]> {
  const response = await get(`/v1/departments/${encodeURIComponent(department)}/queue`, counter);
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { items: { visitId: string }[] }).items.map((item) => item.visitId);
}

async function searchIds(q: string): Promise<string[]> {
  const response = await get(`/v1/residents?${new URLSearchParams({ q })}`, counter);
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { results: { residentId: string }[] }).results.map((r) => r.residentId);
}

before(async () => {
  backend = await startTestBackend({ householdsPerTenant: 3 });
  counter = await loginAs(backend, 'sakahogi.counter');
  supervisor = await loginAs(backend, 'sakahogi.supervisor');
});
after(() => backend.close());

describe('転入 of a household not in the register', () => {
  it('keeps the household pending with the visit: no search, household read or department queue sees it', async () => {
    const household = family();
    const created = await post('/v1/visits', counter, visitOf(household));
    assert.equal(created.statusCode, 201, created.body);
    const visit = created.json() as { visitId: string; householdId: string | null; procedures: { residentId: string; department: string }[] };
    assert.equal(visit.householdId, null, 'the visit names no registered household yet');
    assert.deepEqual(visit.procedures.map((p) => p.residentId).sort(), household.members.map((m) => m.residentId).sort());

    const ids = [household.householdId, ...household.members.map((m) => m.residentId)];
    assert.deepEqual(await registeredCount(ids), { households: 0, residents: 0 });
    assert.deepEqual(await searchIds(household.members[0]!.name), []);
    assert.deepEqual(await searchIds(household.members[1]!.alphabetName!), []);
    assert.equal((await get(`/v1/households/${household.householdId}`, counter)).statusCode, 404);
    assert.equal((await get(`/v1/residents/${household.members[0]!.residentId}`, counter)).statusCode, 404);
    assert.ok(!(await queueOf(visit.procedures[0]!.department)).includes(visit.visitId), 'the department queue shows a household that is not registered');
    // The pending record is audited by ids and codes only (no name in the log).
    const [entry] = await backend.appQuery(SAKAHOGI, "SELECT detail FROM audit_log WHERE purpose = 'moving_in_pending' AND detail->>'visitId' = $1", [visit.visitId]);
    assert.deepEqual(entry?.detail, { visitId: visit.visitId, householdId: household.householdId, members: 3, intake: 'moving_out_certificate' });
  });

  it('registers the household with the submission, once under replay, audited per resident; then search and household reads find them', async () => {
    const household = family();
    const created = await post('/v1/visits', counter, visitOf(household));
    assert.equal(created.statusCode, 201, created.body);
    const { visitId, procedures } = created.json() as { visitId: string; procedures: { department: string }[] };
    const residentIds = household.members.map((m) => m.residentId);
    assert.ok(!(await queueOf(procedures[0]!.department)).includes(visitId));

    const key = idempotencyKey();
    const submitted = await post(`/v1/visits/${visitId}/submissions`, counter, submissionOf(household), key);
    assert.equal(submitted.statusCode, 201, submitted.body);
    const answer = submitted.json() as { registered: { householdId: string; residentIds: string[] }; receiptNumber: string };
    assert.deepEqual(answer.registered, { householdId: household.householdId, residentIds });
    const replay = await post(`/v1/visits/${visitId}/submissions`, counter, submissionOf(household), key);
    assert.equal(replay.statusCode, 201);
    assert.deepEqual(replay.json(), submitted.json());
    assert.deepEqual(await registeredCount([household.householdId, ...residentIds]), { households: 1, residents: 3 });

    // A second submission of the same visit (another key) is refused and registers nothing again.
    const again = await post(`/v1/visits/${visitId}/submissions`, counter, { forms: [], feeItems: [], signatureSvg: 'M0 0' });
    assert.equal(again.statusCode, 409, again.body);
    assert.equal((again.json() as { code: string }).code, 'visit_already_submitted');
    assert.deepEqual(await registeredCount([household.householdId, ...residentIds]), { households: 1, residents: 3 });

    const audit = await backend.appQuery(SAKAHOGI, "SELECT resident_id, detail FROM audit_log WHERE purpose = 'moving_in_registration' AND detail->>'visitId' = $1 ORDER BY seq", [visitId]);
    assert.deepEqual(
      audit.map((row) => row.resident_id),
      residentIds,
    );
    assert.ok(!JSON.stringify(audit).includes(household.members[0]!.name), 'a name in the audit log');

    // Registered like anyone else: the n-gram index knows them (kanji, kana, alphabet), and the household reads.
    assert.deepEqual(await searchIds(household.members[0]!.name), [residentIds[0]]);
    assert.deepEqual(await searchIds(household.members[2]!.nameKana!), [residentIds[2]]);
    assert.deepEqual(await searchIds(household.members[1]!.alphabetName!.toLowerCase()), [residentIds[1]]);
    const read = await get(`/v1/households/${household.householdId}`, counter);
    assert.equal(read.statusCode, 200, read.body);
    const members = (read.json() as { householdNumber: string; address: string; members: { residentId: string; relation: string; becameResidentOn: string; residenceCardNumber: string | null }[] });
    assert.equal(members.address, household.address);
    assert.equal(members.householdNumber, `T${answer.receiptNumber}`);
    assert.deepEqual(members.members.map((m) => [m.residentId, m.relation, m.becameResidentOn]), [
      [residentIds[0], '世帯主', '2026-11-25'],
      [residentIds[1], '妻', '2026-11-25'],
      [residentIds[2], '子', '2026-11-25'],
    ]);
    // The 転出証明書 items stay with the resident.
    const [row] = await backend.appQuery(SAKAHOGI, 'SELECT previous_address, moved_out_on::text AS moved_out_on, honseki, hittousha, intake FROM residents WHERE resident_id = $1', [residentIds[0]]);
    assert.deepEqual(row, { previous_address: household.members[0]!.previousAddress, moved_out_on: '2026-11-20', honseki: household.members[0]!.honseki, hittousha: household.members[0]!.hittousha, intake: 'moving_out_certificate' });
    const visit = await get(`/v1/visits/${visitId}`, counter);
    assert.equal((visit.json() as { householdId: string }).householdId, household.householdId);
    assert.ok((await queueOf(procedures[0]!.department)).includes(visitId), 'registered: the department now has its part of the visit');

    // Reusing a registered id for another household moving in is a typed 409, never a 5xx.
    for (const reused of [{ ...family(), householdId: household.householdId }, { ...family(), members: [newcomer({ residentId: residentIds[1]! })] }]) {
      const conflict = await post('/v1/visits', counter, visitOf(reused));
      assert.equal(conflict.statusCode, 409, conflict.body);
      assert.equal((conflict.json() as { code: string }).code, 'already_registered');
    }
  });

  it('an abandoned visit leaves nothing registered, and a second visit with the same intake registers once', async () => {
    const household = family();
    const first = await post('/v1/visits', counter, visitOf(household));
    const second = await post('/v1/visits', counter, visitOf(household));
    assert.equal(first.statusCode, 201, first.body);
    assert.equal(second.statusCode, 201, second.body);
    const ids = [household.householdId, ...household.members.map((m) => m.residentId)];
    assert.deepEqual(await registeredCount(ids), { households: 0, residents: 0 });
    const submitted = await post(`/v1/visits/${(second.json() as { visitId: string }).visitId}/submissions`, counter, submissionOf(household));
    assert.equal(submitted.statusCode, 201, submitted.body);
    // The first visit, left open, cannot register the same people a second time.
    const stale = await post(`/v1/visits/${(first.json() as { visitId: string }).visitId}/submissions`, counter, submissionOf(household));
    assert.equal(stale.statusCode, 409, stale.body);
    assert.deepEqual(await registeredCount(ids), { households: 1, residents: 3 });
  });

  it('refuses a household the register could not hold, with the fields named and nothing stored', async () => {
    const visitsBefore = (await backend.appQuery(SAKAHOGI, 'SELECT count(*)::int AS n FROM visits'))[0]?.n;
    const base = family();
    const [head, spouse, child] = base.members as [Newcomer, Newcomer, Newcomer];
    const cases: [string, object, number, string][] = [
      ['two heads of household', visitOf({ ...base, members: [head, { ...child, relation: '世帯主' }] }), 400, 'newHousehold.members.relation'],
      ['no head of household', visitOf({ ...base, members: [spouse, child] }), 400, 'newHousehold.members.relation'],
      ['the same resident id twice', visitOf({ ...base, members: [head, { ...child, residentId: head.residentId }] }), 400, 'newHousehold.members.1.residentId'],
      ['a foreign member without nationality', visitOf({ ...base, members: [head, { ...spouse, nationality: null }] }), 400, 'newHousehold.members.1.nationality'],
      ['an over-long name', visitOf({ ...base, members: [{ ...head, name: '長'.repeat(101) }] }), 400, 'body.newHousehold.members.0.name'],
      ['a control character in the address', visitOf({ ...base, address: '坂祝町\u0000取組' }), 400, 'body.newHousehold.address'],
      ['a procedure for someone neither registered nor moving in', visitOf(base, { procedures: [{ procedureId: 'moving_in_notification', residentId: randomUUID(), reason: '転入' }] }), 404, ''],
    ];
    for (const [label, payload, status, field] of cases) {
      const response = await post('/v1/visits', counter, payload);
      assert.equal(response.statusCode, status, `${label}: ${response.body}`);
      if (field) assert.ok(((response.json() as { details: { fields: string[] } }).details.fields).includes(field), `${label}: ${response.body}`);
    }
    const birth = await post('/v1/visits', counter, { ...visitOf(base), lifeEvent: 'birth' });
    assert.equal(birth.statusCode, 422, birth.body);
    assert.equal((birth.json() as { code: string }).code, 'new_household_not_moving_in');
    assert.equal((await backend.appQuery(SAKAHOGI, 'SELECT count(*)::int AS n FROM visits'))[0]?.n, visitsBefore, 'a refused visit was stored');
    assert.deepEqual(await registeredCount([base.householdId, ...base.members.map((m) => m.residentId)]), { households: 0, residents: 0 });
  });

  it("a submission's forms may name this visit's newcomers, not another visit's", async () => {
    const mine = family();
    const other = family();
    const created = await post('/v1/visits', counter, visitOf(mine));
    assert.equal((await post('/v1/visits', counter, visitOf(other))).statusCode, 201);
    const { visitId } = created.json() as { visitId: string };
    const foreign = await post(`/v1/visits/${visitId}/submissions`, counter, { ...submissionOf(mine), forms: [{ formId: 'moving_in_notification', residentId: other.members[0]!.residentId, fields: {} }] });
    assert.equal(foreign.statusCode, 404, foreign.body);
    assert.deepEqual(await registeredCount([mine.householdId, other.householdId]), { households: 0, residents: 0 });
    // The audit chain stays whole through all of it.
    const verify = await get('/v1/audit/verify', supervisor);
    assert.equal(verify.statusCode, 200, verify.body);
    assert.equal((verify.json() as { ok: boolean }).ok, true);
  });
});
