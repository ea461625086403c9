import {
  ServerMessageSchema,
  WINDOWS,
  eventNamesFor,
  invokeNamesFor,
  type HostResult,
  type RawHostApi,
  type Role,
} from '../../../shared/contract';
import type { HostConnection } from './connection';

/**
 * The browser-host transport: the contract over one WebSocket per page. A call made while the socket is down
 * waits and is sent when it reconnects; a call whose answer was lost in a drop is sent again — safe, because
 * mutating calls carry a requestId the host answers once. After every reconnect the page resyncs from a
 * snapshot, since pushes sent while it was away are gone.
 */
export function connectWebSocketHost<R extends Role>(role: R, origin = location.origin): HostConnection<R> {
  const url = origin.replace(/^http/, 'ws') + WINDOWS[role].socketPath;
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryDelay = 250;
  let connectedOnce = false;
  const pending = new Map<number, { frame: string; resolve: (result: HostResult<unknown>) => void }>();
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const resyncListeners = new Set<() => void>();
  const statusListeners = new Set<(online: boolean) => void>();

  const open = () => {
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryDelay = 250;
      statusListeners.forEach((listener) => listener(true));
      for (const { frame } of pending.values()) ws.send(frame);
      if (connectedOnce) resyncListeners.forEach((listener) => listener());
      connectedOnce = true;
    };
    ws.onmessage = (message) => {
      const parsed = ServerMessageSchema.safeParse(JSON.parse(String(message.data)));
      if (!parsed.success) return;
      const data = parsed.data;
      if (data.type === 'result') {
        pending.get(data.id)?.resolve(data.result as HostResult<unknown>);
        pending.delete(data.id);
      } else {
        eventListeners.get(data.channel)?.forEach((listener) => listener(data.payload));
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      statusListeners.forEach((listener) => listener(false));
      setTimeout(open, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 5000);
    };
  };
  open();

  const call: Record<string, (input: unknown) => Promise<HostResult<unknown>>> = {};
  for (const name of invokeNamesFor(role)) {
    call[name] = (input) =>
      new Promise((resolve) => {
        const id = nextId++;
        const frame = JSON.stringify({ type: 'invoke', id, channel: name, input: input ?? {} });
        pending.set(id, { frame, resolve });
        if (socket?.readyState === WebSocket.OPEN) socket.send(frame);
      });
  }
  const on: Record<string, (listener: (payload: unknown) => void) => () => void> = {};
  for (const name of eventNamesFor(role)) {
    on[name] = (listener) => {
      const set = eventListeners.get(name) ?? new Set();
      eventListeners.set(name, set);
      set.add(listener);
      return () => set.delete(listener);
    };
  }

  return {
    raw: { role, call, on } as unknown as RawHostApi<R>,
    onResync: (listener) => {
      resyncListeners.add(listener);
      return () => resyncListeners.delete(listener);
    },
    onStatus: (listener) => {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
  };
}
