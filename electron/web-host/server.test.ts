import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import type { ServerMessage, StaffView } from '../../shared/contract';
import type { CounterHost } from '../core/counter-host';
import { requestId, signIn, testHost } from '../core/test-support';
import { startBrowserHost, type BrowserHost } from './server';

let host: BrowserHost;
let core: CounterHost;

before(async () => {
  const root = mkdtempSync(path.join(tmpdir(), 'renderer-'));
  writeFileSync(path.join(root, 'staff.html'), '<div id="root"></div>');
  core = testHost('ws-test').host;
  await signIn(core);
  host = await startBrowserHost({ core, rendererRoot: root, port: 0 });
});
after(() => host.close());

function connect(role: 'staff' | 'customer', origin = host.origin): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws/${role}`, { origin });
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Sends one invoke and waits for its result; events that arrive meanwhile are collected. */
function invoke(socket: WebSocket, id: number, channel: string, input: unknown): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(data.toString()) as ServerMessage;
      if (message.type === 'result' && message.id === id) {
        socket.off('message', onMessage);
        resolve(message);
      }
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'invoke', id, channel, input }));
  });
}

describe('browser host', () => {
  it('serves the renderer on 127.0.0.1 with the CSP, allowing only its own WebSocket origin', async () => {
    const response = await fetch(`${host.origin}/staff.html`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    assert.match(csp, new RegExp(`connect-src 'self' ws://127\\.0\\.0\\.1:${host.port}`));
    assert.equal((await fetch(`${host.origin}/../package.json`)).status, 404);
    assert.equal((await fetch(`${host.origin}/staff.html`, { method: 'POST' })).status, 405);
  });

  it('refuses sockets from another origin or on an unknown path', async () => {
    await assert.rejects(connect('staff', 'http://evil.example'));
    await assert.rejects(
      new Promise((resolve, reject) => {
        const socket = new WebSocket(`ws://127.0.0.1:${host.port}/ws/admin`, { origin: host.origin });
        socket.once('open', resolve);
        socket.once('error', reject);
      }),
    );
  });

  it('fixes the role by the socket path: the customer socket cannot run staff calls', async () => {
    const customer = await connect('customer');
    const answer = await invoke(customer, 1, 'startVisit', { requestId: requestId() });
    assert.equal(answer.type === 'result' && !answer.result.ok && answer.result.error.code, 'forbidden');
    customer.close();
  });

  it('answers staff calls and pushes only the projection each role may see', async () => {
    const staff = await connect('staff');
    const customer = await connect('customer');
    const customerMessages: ServerMessage[] = [];
    customer.on('message', (data: Buffer) => customerMessages.push(JSON.parse(data.toString()) as ServerMessage));

    await invoke(staff, 1, 'startVisit', { requestId: requestId() });
    await invoke(staff, 2, 'setStaffNote', { requestId: requestId(), text: '窓口メモ：要通訳' });
    const snapshot = await invoke(staff, 3, 'getStaffSnapshot', {});
    assert.ok(snapshot.type === 'result' && snapshot.result.ok);
    assert.equal((snapshot.result.value as StaffView).visit?.staffNote, '窓口メモ：要通訳');

    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.ok(customerMessages.some((m) => m.type === 'event' && m.channel === 'customerViewChanged'));
    assert.ok(customerMessages.every((m) => m.type !== 'event' || m.channel === 'customerViewChanged'));
    assert.ok(!JSON.stringify(customerMessages).includes('要通訳'));
    await invoke(staff, 4, 'endVisit', { requestId: requestId() });
    staff.close();
    customer.close();
  });

  it('closes a socket that sends a malformed frame, without touching the session', async () => {
    await new Promise((resolve) => setTimeout(resolve, 100)); // let earlier sockets' close events settle
    const staff = await connect('staff');
    const before = (await core.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView };
    const closed = new Promise<number>((resolve) => staff.once('close', (code) => resolve(code)));
    staff.send('{"type":"invoke","id":"x"');
    assert.equal(await closed, 1003);
    const after = (await core.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView };
    assert.equal(after.value.rev, before.value.rev);
  });

  it('reports the customer screen as connected while a customer page is open', async () => {
    const status = async () => ((await core.invoke('staff', 'getStaffSnapshot', {})) as { ok: true; value: StaffView }).value.customerDisplay;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await status(), 'missing');
    const customer = await connect('customer');
    assert.equal(await status(), 'connected');
    const closed = new Promise((resolve) => customer.once('close', resolve));
    customer.close();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await status(), 'missing');
  });
});
