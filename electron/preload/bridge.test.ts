import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ROLES, contract, eventNamesFor, invokeNamesFor, type ChannelName, type HostResult } from '../../shared/contract';
import { buildApi, type IpcRendererLike } from './bridge';

type Listener = (event: unknown, ...args: unknown[]) => void;

/** ipcRenderer as the bridge sees it: records invokes, answers with a scripted envelope, dispatches pushes. */
class FakeIpcRenderer implements IpcRendererLike {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, Set<Listener>>();
  answer: unknown = { ok: true, value: null };

  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    this.invoked.push({ channel, args });
    return Promise.resolve(this.answer);
  }
  on(channel: string, listener: Listener): this {
    const set = this.listeners.get(channel) ?? new Set<Listener>();
    set.add(listener);
    this.listeners.set(channel, set);
    return this;
  }
  removeListener(channel: string, listener: Listener): this {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  /** What Electron does on a push: the listener gets (IpcRendererEvent, payload). */
  push(channel: string, payload: unknown): void {
    const event = { sender: this, senderId: 0, ports: [] };
    for (const listener of this.listeners.get(channel) ?? []) listener(event, payload);
  }
  count(channel: string): number {
    return this.listeners.get(channel)?.size ?? 0;
  }
}

const sorted = (names: Iterable<string>) => [...names].sort();

describe('buildApi', () => {
  it('gives the staff window exactly the calls the contract allows staff', () => {
    const api = buildApi(new FakeIpcRenderer(), 'staff');
    const expected = invokeNamesFor('staff');
    assert.ok(expected.includes('startVisit') && expected.includes('getStaffSnapshot'));
    assert.deepEqual(sorted(Object.keys(api.call)), sorted(expected));
  });

  it('gives each role exactly its own calls and events', () => {
    for (const role of ROLES) {
      const api = buildApi(new FakeIpcRenderer(), role);
      assert.equal(api.role, role);
      assert.deepEqual(sorted(Object.keys(api.call)), sorted(invokeNamesFor(role)), role);
      assert.deepEqual(sorted(Object.keys(api.on)), sorted(eventNamesFor(role)), role);
    }
  });

  it('exposes no generic invoke/send and not ipcRenderer itself', () => {
    const ipc = new FakeIpcRenderer();
    for (const role of ROLES) {
      const api = buildApi(ipc, role);
      assert.deepEqual(sorted(Object.keys(api)), ['call', 'on', 'role']);
      for (const generic of ['invoke', 'send', 'sendSync', 'postMessage', 'ipcRenderer']) {
        assert.equal(generic in api, false, `${role}: api.${generic}`);
        assert.equal(generic in api.call, false, `${role}: api.call.${generic}`);
        assert.equal(generic in api.on, false, `${role}: api.on.${generic}`);
      }
      for (const value of [api, ...Object.values(api), ...Object.values(api.call), ...Object.values(api.on)]) {
        assert.notEqual(value, ipc);
      }
    }
  });

  it('gives the customer window no staff-only call and no staff push', () => {
    const api = buildApi(new FakeIpcRenderer(), 'customer');
    for (const name of ['startVisit', 'setStaffNote', 'getStaffSnapshot', 'setCustomerLanguage', 'nextStep', 'endVisit']) {
      assert.equal(name in api.call, false, name);
    }
    assert.equal('staffViewChanged' in api.on, false);
    assert.equal('customerViewChanged' in api.on, true);
    assert.equal('chooseLanguage' in api.call, true);
    for (const name of Object.keys(api.call)) {
      assert.ok((contract[name as ChannelName].roles as readonly string[]).includes('customer'), name);
    }
  });

  it('a call invokes madoguchi:<name> with the input and resolves to the envelope', async () => {
    const ipc = new FakeIpcRenderer();
    const api = buildApi(ipc, 'staff');
    const envelope: HostResult<{ rev: number }> = { ok: true, value: { rev: 7 } };
    ipc.answer = envelope;
    const input = { requestId: '6f1c2a52-8a1e-4c57-9d0e-2b7f3c1d4e5f', language: 'en' as const };
    const result = await api.call.setCustomerLanguage(input);
    assert.equal(result, envelope);
    assert.deepEqual(ipc.invoked, [{ channel: 'madoguchi:setCustomerLanguage', args: [input] }]);
  });

  it('passes error envelopes back as they are, without throwing', async () => {
    const ipc = new FakeIpcRenderer();
    const api = buildApi(ipc, 'customer');
    const envelope = { ok: false, error: { code: 'forbidden', message: 'no' } };
    ipc.answer = envelope;
    assert.equal(await api.call.getCustomerSnapshot({}), envelope);
    assert.deepEqual(ipc.invoked, [{ channel: 'madoguchi:getCustomerSnapshot', args: [{}] }]);
  });

  it('each call goes to its own channel', async () => {
    const ipc = new FakeIpcRenderer();
    const api = buildApi(ipc, 'staff');
    const call = api.call as unknown as Record<string, (input: unknown) => Promise<unknown>>;
    for (const name of invokeNamesFor('staff')) await call[name]?.({ marker: name });
    assert.deepEqual(
      ipc.invoked,
      invokeNamesFor('staff').map((name) => ({ channel: `madoguchi:${name}`, args: [{ marker: name }] })),
    );
  });

  it("an event listener receives only the payload, never Electron's event", () => {
    const ipc = new FakeIpcRenderer();
    const api = buildApi(ipc, 'customer');
    const received: unknown[][] = [];
    api.on.customerViewChanged((...args: unknown[]) => received.push(args));
    const payload = { rev: 3, mode: 'idle' as const };
    ipc.push('madoguchi:customerViewChanged', payload);
    assert.equal(received.length, 1);
    assert.equal(received[0]?.length, 1);
    assert.equal(received[0]?.[0], payload);
  });

  it('subscribes on the madoguchi:<event> channel only', () => {
    const ipc = new FakeIpcRenderer();
    const api = buildApi(ipc, 'staff');
    const received: unknown[] = [];
    api.on.staffViewChanged((payload) => received.push(payload));
    assert.deepEqual(sorted(ipc.listeners.keys()), ['madoguchi:staffViewChanged']);
    ipc.push('madoguchi:customerViewChanged', { rev: 1, mode: 'idle' });
    assert.deepEqual(received, []);
  });

  it('the unsubscribe function removes the listener', () => {
    const ipc = new FakeIpcRenderer();
    const api = buildApi(ipc, 'staff');
    const first: unknown[] = [];
    const second: unknown[] = [];
    const unsubscribeFirst = api.on.staffViewChanged((payload) => first.push(payload));
    api.on.staffViewChanged((payload) => second.push(payload));
    assert.equal(ipc.count('madoguchi:staffViewChanged'), 2);

    unsubscribeFirst();
    assert.equal(ipc.count('madoguchi:staffViewChanged'), 1);
    ipc.push('madoguchi:staffViewChanged', { rev: 1 });
    assert.deepEqual(first, []);
    assert.deepEqual(second, [{ rev: 1 }]);
  });

  it('returns a frozen API', () => {
    const api = buildApi(new FakeIpcRenderer(), 'staff');
    assert.ok(Object.isFrozen(api));
    assert.ok(Object.isFrozen(api.call));
    assert.ok(Object.isFrozen(api.on));
    const writable = api as unknown as Record<string, unknown>;
    assert.throws(() => {
      writable.role = 'customer';
    }, TypeError);
    assert.throws(() => {
      (api.call as unknown as Record<string, unknown>).getStaffSnapshot = () => 'hijacked';
    }, TypeError);
    assert.throws(() => {
      (api.on as unknown as Record<string, unknown>).customerViewChanged = () => () => {};
    }, TypeError);
    assert.equal(api.role, 'staff');
  });
});
