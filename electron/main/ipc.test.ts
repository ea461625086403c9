import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import {
  contract,
  CustomerViewSchema,
  StaffViewSchema,
  wireChannel,
  type ChannelName,
  type HostResult,
  type StaffView,
} from '../../shared/contract';
import { CounterHost } from '../core/counter-host';
import { silentLogger } from '../core/log';
import { FakeCloud, signIn } from '../core/test-support';
import {
  WindowRoles,
  connectWindow,
  registerIpc,
  type InvokeEventLike,
  type IpcMainLike,
  type SenderFrameLike,
  type WebContentsSinkLike,
} from './ipc';
import { APP_ORIGIN } from './security';

type Listener = (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>;

/** ipcMain as a Map of channel → handler; like Electron, a second handler for one channel is an error. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();
  readonly registered: string[] = [];
  readonly removed: string[] = [];
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
    this.registered.push(channel);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
    this.removed.push(channel);
  }
  /** What ipcRenderer.invoke would resolve to. */
  async call(channel: string, event: InvokeEventLike, input?: unknown): Promise<HostResult<unknown>> {
    const handler = this.handlers.get(channel);
    assert.ok(handler, `no handler for ${channel}`);
    return (await handler(event, input)) as HostResult<unknown>;
  }
}

/** A window's webContents as connectWindow sees it: records every send, emits 'destroyed' on demand. */
class FakeContents extends EventEmitter implements WebContentsSinkLike {
  readonly sent: { channel: string; payload: unknown }[] = [];
  destroyed = false;
  constructor(readonly id: number) {
    super();
  }
  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('destroyed');
  }
}

const STAFF_ID = 1;
const CUSTOMER_ID = 2;

/** A host whose clerk has signed in (a visit can only be started then). */
async function newHost(): Promise<CounterHost> {
  let nextId = 0;
  const host = new CounterHost({
    terminalId: 'test-terminal-01',
    tenantId: '212113',
    cloud: new FakeCloud(),
    info: { platform: 'electron', version: '0.0.0-test' },
    newId: () => `visit-${++nextId}`,
    now: () => new Date('2026-11-27T09:00:00.000Z'),
    log: silentLogger,
  });
  await signIn(host);
  return host;
}

async function setup() {
  const host = await newHost();
  const roles = new WindowRoles();
  const ipc = new FakeIpcMain();
  const unregister = registerIpc(ipc, host, roles);
  roles.set(STAFF_ID, 'staff');
  roles.set(CUSTOMER_ID, 'customer');
  return { host, roles, ipc, unregister };
}

function mainFrame(path: string, origin = APP_ORIGIN): SenderFrameLike {
  return { url: `${origin}${path}`, parent: null };
}

function from(id: number, senderFrame: SenderFrameLike | null): InvokeEventLike {
  return { sender: { id }, senderFrame };
}

const staffEvent = () => from(STAFF_ID, mainFrame('/staff.html'));
const customerEvent = () => from(CUSTOMER_ID, mainFrame('/customer.html'));

/** The session as the host holds it, read directly from the core (not through IPC). */
async function staffSnapshot(host: CounterHost): Promise<StaffView> {
  const result = await host.invoke('staff', 'getStaffSnapshot', {});
  assert.ok(result.ok, 'the core must answer a staff snapshot');
  return StaffViewSchema.parse(result.value);
}

function assertError(result: HostResult<unknown>, code: string, message?: RegExp): void {
  assert.equal(result.ok, false, `expected ${code}, got ${JSON.stringify(result)}`);
  if (result.ok) return;
  assert.equal(result.error.code, code, JSON.stringify(result.error));
  if (message) assert.match(result.error.message, message);
}

const invokeNames = (Object.keys(contract) as ChannelName[]).filter((name) => contract[name].kind === 'invoke');
const eventNames = (Object.keys(contract) as ChannelName[]).filter((name) => contract[name].kind === 'event');

describe('registerIpc', () => {
  it('registers exactly one madoguchi:<name> handler per contract call', async () => {
    const { ipc } = await setup();
    assert.ok(invokeNames.length > 0);
    assert.deepEqual([...ipc.registered].sort(), invokeNames.map((name) => `madoguchi:${name}`).sort());
    assert.equal(ipc.registered.length, new Set(ipc.registered).size, 'no channel registered twice');
  });

  it('registers nothing for events and nothing generic', async () => {
    const { ipc } = await setup();
    assert.ok(eventNames.length > 0);
    for (const name of eventNames) assert.equal(ipc.handlers.has(wireChannel(name)), false, name);
    for (const channel of ipc.handlers.keys()) {
      const name = channel.replace(/^madoguchi:/, '');
      assert.notEqual(name, channel, `${channel} lacks the madoguchi: prefix`);
      assert.ok(Object.hasOwn(contract, name) && contract[name as ChannelName].kind === 'invoke', channel);
    }
    for (const generic of ['madoguchi:invoke', 'madoguchi:send', 'madoguchi', 'invoke', 'send']) {
      assert.equal(ipc.handlers.has(generic), false, generic);
    }
  });

  it('the function it returns removes every handler it registered', async () => {
    const { ipc, unregister } = await setup();
    const registered = [...ipc.registered];
    unregister();
    assert.equal(ipc.handlers.size, 0);
    assert.deepEqual([...ipc.removed].sort(), registered.sort());
  });

  it("answers a call from the staff window's main frame on the app origin", async () => {
    const { ipc } = await setup();
    const result = await ipc.call('madoguchi:getStaffSnapshot', staffEvent(), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.ok(result.ok);
    const view = StaffViewSchema.parse(result.value);
    assert.equal(view.terminalId, 'test-terminal-01');
    assert.equal(view.rev, 1, "rev 1 is the sign-in");
  });

  it('runs a staff command from the staff window and changes the session', async () => {
    const { ipc, host } = await setup();
    const result = await ipc.call('madoguchi:startVisit', staffEvent(), { requestId: randomUUID() });
    assert.deepEqual(result, { ok: true, value: { rev: 2 } });
    assert.equal((await staffSnapshot(host)).visit?.visitId, 'visit-1');
  });

  it("answers the customer window's own calls", async () => {
    const { ipc } = await setup();
    const result = await ipc.call('madoguchi:getCustomerSnapshot', customerEvent(), {});
    assert.equal(result.ok, true, JSON.stringify(result));
    assert.ok(result.ok);
    assert.deepEqual(CustomerViewSchema.parse(result.value), { rev: 1, mode: 'idle' });
  });

  describe('rejects senders with forbidden and leaves the session alone', () => {
    const startVisit = () => ({ requestId: randomUUID() });

    async function assertRejected(event: InvokeEventLike, message?: RegExp): Promise<void> {
      const { ipc, host } = await setup();
      const before = await staffSnapshot(host);
      assertError(await ipc.call('madoguchi:startVisit', event, startVisit()), 'forbidden', message);
      assertError(await ipc.call('madoguchi:getStaffSnapshot', event, {}), 'forbidden', message);
      const after = await staffSnapshot(host);
      assert.equal(after.rev, before.rev);
      assert.equal(after.visit, null);
    }

    it('a subframe of the staff window', async () => {
      await assertRejected(
        from(STAFF_ID, { url: `${APP_ORIGIN}/staff.html`, parent: { url: `${APP_ORIGIN}/staff.html` } }),
        /subframe/,
      );
    });

    it('a main frame on a foreign origin', async () => {
      for (const origin of ['https://evil.example', 'app://other', 'app://madoguchi.evil', 'https://madoguchi']) {
        await assertRejected(from(STAFF_ID, mainFrame('/staff.html', origin)), /not on the app origin/);
      }
    });

    it('an event without a sender frame', async () => {
      await assertRejected(from(STAFF_ID, null), /sender frame is gone/);
    });

    it('a webContents that was never registered as a window', async () => {
      // On the app origin and a main frame, so the only thing wrong is the unknown id.
      await assertRejected(from(99, mainFrame('/staff.html')), /not a Madoguchi window/);
    });

    it('the customer window calling staff-only calls', async () => {
      const { ipc, host } = await setup();
      const before = await staffSnapshot(host);
      // Rejected by the role check (the sender itself is valid), so the message names the role.
      assertError(
        await ipc.call('madoguchi:startVisit', customerEvent(), startVisit()),
        'forbidden',
        /customer window may not call startVisit/,
      );
      assertError(
        await ipc.call('madoguchi:getStaffSnapshot', customerEvent(), {}),
        'forbidden',
        /customer window may not call getStaffSnapshot/,
      );
      assertError(
        await ipc.call('madoguchi:setStaffNote', customerEvent(), { requestId: randomUUID(), text: 'x' }),
        'forbidden',
        /customer window may not call setStaffNote/,
      );
      assert.equal((await staffSnapshot(host)).rev, before.rev);
    });
  });

  describe('rejects bad payloads with invalid_input', () => {
    async function openVisit(ipc: FakeIpcMain): Promise<void> {
      const started = await ipc.call('madoguchi:startVisit', staffEvent(), { requestId: randomUUID() });
      assert.equal(started.ok, true, JSON.stringify(started));
    }

    it('a language outside the bundled set', async () => {
      const { ipc, host } = await setup();
      await openVisit(ipc);
      const before = await staffSnapshot(host);
      const result = await ipc.call('madoguchi:setCustomerLanguage', staffEvent(), { requestId: randomUUID(), language: 'xx' });
      assertError(result, 'invalid_input');
      const after = await staffSnapshot(host);
      assert.equal(after.rev, before.rev);
      assert.equal(after.visit?.customerLanguage, null);
    });

    it('a command without its requestId', async () => {
      const { ipc, host } = await setup();
      await openVisit(ipc);
      const before = await staffSnapshot(host);
      assertError(await ipc.call('madoguchi:setCustomerLanguage', staffEvent(), { language: 'en' }), 'invalid_input');
      assertError(await ipc.call('madoguchi:nextStep', staffEvent(), {}), 'invalid_input');
      assert.equal((await staffSnapshot(host)).rev, before.rev);
    });
  });
});

describe('connectWindow', () => {
  async function connected() {
    const host = await newHost();
    const roles = new WindowRoles();
    const ipc = new FakeIpcMain();
    registerIpc(ipc, host, roles);
    const staff = new FakeContents(STAFF_ID);
    const customer = new FakeContents(CUSTOMER_ID);
    connectWindow(host, roles, staff, 'staff');
    connectWindow(host, roles, customer, 'customer');
    return { host, roles, ipc, staff, customer };
  }

  const command = (host: CounterHost, channel: string, input: object = {}) =>
    host.invoke('staff', channel, { requestId: randomUUID(), ...input });

  it('records the role of each window it connects', async () => {
    const { roles } = await connected();
    assert.equal(roles.get(STAFF_ID), 'staff');
    assert.equal(roles.get(CUSTOMER_ID), 'customer');
  });

  it('pushes staffViewChanged to the staff window after a staff command', async () => {
    const { host, staff } = await connected();
    assert.equal((await command(host, 'startVisit')).ok, true);
    assert.equal((await command(host, 'setStaffNote', { text: 'interpreter booked' })).ok, true);
    assert.deepEqual(
      staff.sent.map((message) => message.channel),
      ['madoguchi:staffViewChanged', 'madoguchi:staffViewChanged'],
    );
    const last = StaffViewSchema.parse(staff.sent.at(-1)?.payload);
    assert.equal(last.rev, 3);
    assert.equal(last.visit?.staffNote, 'interpreter booked');
  });

  it('pushes only customerViewChanged to the customer window, and never staff data', async () => {
    const { host, customer } = await connected();
    assert.equal((await command(host, 'startVisit')).ok, true);
    assert.equal(customer.sent.length, 1, 'the customer window must hear about the visit');
    assert.equal((await command(host, 'setStaffNote', { text: 'interpreter booked' })).ok, true);
    assert.equal(customer.sent.length, 1, 'a staff-only change is not pushed to the customer window');
    assert.equal((await command(host, 'setCustomerLanguage', { language: 'en' })).ok, true);
    assert.equal(customer.sent.length, 2);
    for (const message of customer.sent) {
      assert.equal(message.channel, 'madoguchi:customerViewChanged');
      CustomerViewSchema.parse(message.payload);
      assert.ok(!JSON.stringify(message.payload).includes('interpreter booked'));
      assert.ok(!JSON.stringify(message.payload).includes('test-terminal-01'));
    }
    const last = CustomerViewSchema.parse(customer.sent.at(-1)?.payload);
    assert.equal(last.mode, 'visit');
    assert.equal(last.rev, 4);
  });

  it('stops pushing to a window once it is destroyed, and forgets its role', async () => {
    const { host, roles, ipc, staff, customer } = await connected();
    assert.equal((await command(host, 'startVisit')).ok, true);
    const customerSent = customer.sent.length;
    assert.ok(customerSent > 0);

    customer.destroy();
    assert.equal(roles.get(CUSTOMER_ID), undefined);
    assert.equal((await command(host, 'setCustomerLanguage', { language: 'en' })).ok, true);
    assert.equal(customer.sent.length, customerSent);
    assert.equal(staff.sent.length, 2, 'the staff window is still connected');

    // Everything else about the sender is valid: only the forgotten role makes it forbidden.
    assertError(await ipc.call('madoguchi:getCustomerSnapshot', customerEvent(), {}), 'forbidden', /not a Madoguchi window/);
  });

  it('drops the subscription itself on destroy, not only the isDestroyed() guard', async () => {
    const { host, customer } = await connected();
    customer.emit('destroyed'); // isDestroyed() still answers false
    assert.equal((await command(host, 'startVisit')).ok, true);
    assert.deepEqual(customer.sent, []);
  });

  it('does not send to a destroyed webContents even before its destroyed event arrives', async () => {
    const { host, customer } = await connected();
    customer.destroyed = true;
    assert.equal((await command(host, 'startVisit')).ok, true);
    assert.deepEqual(customer.sent, []);
  });

  it('the function it returns disconnects the window', async () => {
    const host = await newHost();
    const roles = new WindowRoles();
    const staff = new FakeContents(STAFF_ID);
    const disconnect = connectWindow(host, roles, staff, 'staff');
    disconnect();
    assert.equal(roles.get(STAFF_ID), undefined);
    assert.equal((await command(host, 'startVisit')).ok, true);
    assert.deepEqual(staff.sent, []);
  });
});
