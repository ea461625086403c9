import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloudClient, CloudError } from './cloud-client';

/** A backend that answers each request with the next scripted status and body, recording what it was asked. */
function scripted(answers: { status: number; body: unknown }[]) {
  const asked: { path: string; authorization: string | null; method?: string; idempotencyKey?: string | null; body?: unknown }[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    const headers = new Headers(init.headers);
    asked.push({
      path: url.pathname,
      authorization: headers.get('authorization'),
      method: init.method,
      idempotencyKey: headers.get('idempotency-key'),
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    });
    const next = answers.shift()!;
    return new Response(JSON.stringify(next.body), { status: next.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { client: new CloudClient('http://127.0.0.1:1/', fetchImpl), asked };
}

const LOGIN = {
  token: '212113.session-token',
  expiresAt: '2026-12-07T08:00:00.000Z',
  idleTimeoutSeconds: 900,
  staff: { staffId: '00000000-0000-4000-8000-000000000009', tenantId: '212113', displayName: '窓口 花子', role: 'counter', department: '市民課', terminalId: 't1' },
  tenant: { tenantId: '212113', nameJa: '美濃加茂市', nameEn: 'Minokamo City' },
};
/** What server/http/context.ts answers for an idle or expired session (server/http/errors.ts `unauthenticated`). */
const ENDED = { status: 401, body: { code: 'unauthenticated', message: 'ログインしてください。セッションの有効期限が切れた場合は、もう一度ログインしてください。' } };
const login = { tenantId: '212113', terminalId: 't1', loginId: 'counter', password: 'pw', secondFactor: { kind: 'totp' as const, code: '123456' } };

async function failure(promise: Promise<unknown>): Promise<CloudError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  assert.ok(error instanceof CloudError, `expected a CloudError, got ${String(error)}`);
  return error;
}

describe('CloudClient', () => {
  it("takes the backend's 401 on a signed-in request as the end of the session, and drops the token", async () => {
    const { client, asked } = scripted([{ status: 200, body: LOGIN }, ENDED]);
    await client.login(login);
    const ended = await failure(client.searchResidents('山田'));
    assert.equal(ended.kind, 'session_expired');
    assert.equal(ended.body?.code, 'unauthenticated');
    assert.equal(asked[1]?.authorization, `Bearer ${LOGIN.token}`);
    assert.equal(client.signedIn, false);
    // With no token left, the next call says the same without asking the backend.
    assert.equal((await failure(client.household('h1'))).kind, 'session_expired');
    assert.equal(asked.length, 2);
  });

  it('keeps a 401 of the login itself (wrong credentials) a refusal', async () => {
    const { client } = scripted([{ status: 401, body: { code: 'invalid_credentials', message: 'ログインID、パスワード…' } }]);
    const refused = await failure(client.login(login));
    assert.equal(refused.kind, 'rejected');
    assert.equal(refused.body?.code, 'invalid_credentials');
  });

  it('keeps other refusals and server failures as they were', async () => {
    const { client } = scripted([{ status: 200, body: LOGIN }, { status: 404, body: { code: 'not_found', message: '世帯が見つかりません。' } }, { status: 503, body: null }]);
    await client.login(login);
    assert.equal((await failure(client.household('h1'))).kind, 'rejected');
    assert.equal((await failure(client.catalog('moving_in', '2026-12-07'))).kind, 'unavailable');
    assert.equal(client.signedIn, true, 'only a 401 ends the session');
  });

  describe('特例転入 handoffs', () => {
    const HANDOFF = { handoffId: '50000000-0000-4000-8000-000000000001', visitId: '30000000-0000-4000-8000-000000000001', destinationTenantId: '215015', code: 'ABCDE-FGHJK', expiresOn: '2027-01-04', members: 2 };
    const request = { visitId: HANDOFF.visitId, destinationTenantId: '215015', residentIds: ['00000000-0000-4000-8000-000000000001'], movingOutOn: '2026-12-05' };
    const NEWCOMER = {
      residentId: '60000000-0000-4000-8000-000000000001', relation: '世帯主', kind: 'japanese', name: '山田　一郎', nameKana: 'ヤマダ　イチロウ', alphabetName: null,
      birthDate: '1991-05-01', sex: 1, nationality: null, residenceCategory: null, residenceStatus: null, periodOfStay: null, stayExpiresOn: null,
      residenceCardNumber: null, hasMyNumberCard: true, previousAddress: '岐阜県美濃加茂市太田町1番地', movedOutOn: '2026-12-05', honseki: null, hittousha: null, landingPermission: null,
    };

    it('creates a handoff with the caller’s Idempotency-Key and answers the code for the receipt', async () => {
      const { client, asked } = scripted([{ status: 200, body: LOGIN }, { status: 201, body: HANDOFF }]);
      await client.login(login);
      const handoff = await client.createHandoff(request, 'handoff-key-0001');
      assert.equal(handoff.code, 'ABCDE-FGHJK');
      assert.deepEqual(asked[1], { path: '/v1/handoffs', authorization: `Bearer ${LOGIN.token}`, method: 'POST', idempotencyKey: 'handoff-key-0001', body: request });
    });

    it('claims with the code and a birth date, and parses the newcomers', async () => {
      const { client, asked } = scripted([{ status: 200, body: LOGIN }, { status: 200, body: { handoffId: HANDOFF.handoffId, sourceTenantId: '212113', members: [NEWCOMER] } }]);
      await client.login(login);
      const claimed = await client.claimHandoff({ code: 'abcde-fghjk', birthDate: '1991-05-01' }, 'claim-key-0001');
      assert.deepEqual(claimed.members, [NEWCOMER]);
      assert.equal(asked[1]?.path, '/v1/handoffs/claim');
      assert.equal(asked[1]?.idempotencyKey, 'claim-key-0001');
    });

    it('maps refusals as every other call does: not found, claimed, expired and throttled are refusals; 401 ends the session; 5xx is unavailable', async () => {
      const refusal = (status: number, code: string) => ({ status, body: { code, message: '…' } });
      const { client } = scripted([
        { status: 200, body: LOGIN },
        refusal(404, 'handoff_not_found'),
        refusal(409, 'handoff_claimed'),
        refusal(410, 'handoff_expired'),
        refusal(429, 'handoff_throttled'),
        refusal(422, 'handoff_not_submitted'),
        { status: 503, body: null },
        ENDED,
      ]);
      await client.login(login);
      const claim = () => client.claimHandoff({ code: 'ABCDE-FGHJK', birthDate: '1991-05-01' }, 'claim-key-0002');
      for (const code of ['handoff_not_found', 'handoff_claimed', 'handoff_expired', 'handoff_throttled']) {
        const refused = await failure(claim());
        assert.deepEqual([refused.kind, refused.body?.code], ['rejected', code]);
      }
      const early = await failure(client.createHandoff(request, 'handoff-key-0002'));
      assert.deepEqual([early.kind, early.status, early.body?.code], ['rejected', 422, 'handoff_not_submitted']);
      assert.equal((await failure(claim())).kind, 'unavailable');
      assert.equal((await failure(claim())).kind, 'session_expired');
      assert.equal(client.signedIn, false);
    });

    it('refuses an answer that is not a handoff (a mismatched server), instead of passing it on', async () => {
      const { client } = scripted([{ status: 200, body: LOGIN }, { status: 201, body: { ...HANDOFF, code: undefined } }]);
      await client.login(login);
      await assert.rejects(client.createHandoff(request, 'handoff-key-0003'));
    });
  });
});
