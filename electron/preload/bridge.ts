import { eventNamesFor, invokeNamesFor, wireChannel, type HostResult, type RawHostApi, type Role } from '../../shared/contract';

/** The part of Electron's ipcRenderer the bridge uses; a fake in tests. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/**
 * Builds the API a window of `role` gets: one method per contract call that role may use, one subscription per
 * event. No generic invoke/send and no ipcRenderer object crosses into the page; listeners receive only the
 * payload, never Electron's event (which would expose `sender`). Calls resolve to HostResult envelopes
 * (see RawHostApi for why).
 */
export function buildApi<R extends Role>(ipc: IpcRendererLike, role: R): RawHostApi<R> {
  const call: Record<string, (input: unknown) => Promise<HostResult<unknown>>> = {};
  for (const name of invokeNamesFor(role)) {
    const channel = wireChannel(name);
    call[name] = (input: unknown) => ipc.invoke(channel, input) as Promise<HostResult<unknown>>;
  }
  const on: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const name of eventNamesFor(role)) {
    const channel = wireChannel(name);
    on[name] = (listener) => {
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipc.on(channel, wrapped);
      return () => {
        ipc.removeListener(channel, wrapped);
      };
    };
  }
  return Object.freeze({ role, call: Object.freeze(call), on: Object.freeze(on) }) as unknown as RawHostApi<R>;
}
