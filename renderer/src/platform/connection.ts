import { BRIDGE_GLOBAL, type RawHostApi, type Role } from '../../../shared/contract';
import { connectWebSocketHost } from './ws-bridge';

/**
 * How a page reaches the host — the one swappable piece between the Electron app and the browser host (the
 * model is Element's platform classes). Everything above it sees the same typed contract.
 */
export interface HostConnection<R extends Role> {
  raw: RawHostApi<R>;
  /** Fires when pushes may have been missed (transport reconnected): the page must reload its snapshot. */
  onResync(listener: () => void): () => void;
  /** Transport up/down, for a "reconnecting" notice. Electron IPC never goes down. */
  onStatus(listener: (online: boolean) => void): () => void;
}

/** The preload's API when running in Electron, otherwise the browser host's WebSocket. */
export function connectHost<R extends Role>(role: R): HostConnection<R> {
  const preloaded = (window as unknown as Record<string, RawHostApi<R> | undefined>)[BRIDGE_GLOBAL];
  if (preloaded) {
    if (preloaded.role !== role) throw new Error(`this window was given the ${preloaded.role} API, not ${role}`);
    return { raw: preloaded, onResync: () => () => {}, onStatus: () => () => {} };
  }
  return connectWebSocketHost(role);
}
