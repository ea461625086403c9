import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CloudClient, CloudError } from './cloud-client';

/** A backend that answers each request with the next scripted status and body, recording what it was asked. */
function scripted(answers: { status: number; body: unknown }[]) {
  const asked: { path: string; authorization: string | null }[] = [];
  const fetchImpl = (async (url: URL, init: RequestInit) => {
    asked.push({ path: url.pathname, authorization: new Headers(init.headers).get('authorization') });
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
});
