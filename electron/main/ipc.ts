import {
  contract,
  hostError,
  wireChannel,
  type EventName,
  type HostResult,
  type InvokeName,
  type Role,
} from '../../shared/contract';
import type { CounterHost } from '../core/counter-host';
import { silentLogger, type Logger } from '../core/log';
import { isAppUrl } from './security';

/**
 * IPC between windows and the host core: one ipcMain handler per contract call (never a generic channel), each
 * validating its sender before anything else runs — the model is VS Code's ValidatedIpcMain, plus a window-role
 * check so the customer window cannot use a staff call even if its renderer were compromised.
 */

export interface SenderFrameLike {
  url: string;
  parent: unknown;
}

export interface InvokeEventLike {
  sender: { id: number };
  senderFrame: SenderFrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Which role each window's webContents was created for. Only main writes it, when it creates a window. */
export class WindowRoles {
  private readonly byContentsId = new Map<number, Role>();
  set(webContentsId: number, role: Role): void {
    this.byContentsId.set(webContentsId, role);
  }
  delete(webContentsId: number): void {
    this.byContentsId.delete(webContentsId);
  }
  get(webContentsId: number): Role | undefined {
    return this.byContentsId.get(webContentsId);
  }
}

export type SenderCheck = { ok: true; role: Role } | { ok: false; reason: string };

/** The sender must be the main frame of a window main created, showing a page of the app's own origin. */
export function validateSender(event: InvokeEventLike, roles: WindowRoles, appOrigin?: string): SenderCheck {
  const frame = event.senderFrame;
  if (!frame) return { ok: false, reason: 'sender frame is gone' };
  if (frame.parent !== null) return { ok: false, reason: 'sender is a subframe' };
  if (!isAppUrl(frame.url, appOrigin)) return { ok: false, reason: 'sender is not on the app origin' };
  const role = roles.get(event.sender.id);
  if (!role) return { ok: false, reason: 'sender is not a Madoguchi window' };
  return { ok: true, role };
}

/** Registers every contract call on ipcMain. Returns a function that removes them again (tests, shutdown). */
export function registerIpc(
  ipcMain: IpcMainLike,
  host: Pick<CounterHost, 'invoke'>,
  roles: WindowRoles,
  options: { appOrigin?: string; log?: Logger } = {},
): () => void {
  const log = options.log ?? silentLogger;
  const names = (Object.keys(contract) as (keyof typeof contract)[]).filter(
    (name): name is InvokeName => contract[name].kind === 'invoke',
  );
  for (const name of names) {
    ipcMain.handle(wireChannel(name), async (event, ...args): Promise<HostResult<unknown>> => {
      const sender = validateSender(event, roles, options.appOrigin);
      if (!sender.ok) {
        log({ level: 'warn', event: 'ipc.sender_rejected', channel: name, reason: sender.reason });
        return hostError('forbidden', `sender rejected: ${sender.reason}`);
      }
      // The role comes from the window main created, never from the message. Role checks live in the core.
      return host.invoke(sender.role, name, args[0]);
    });
  }
  return () => names.forEach((name) => ipcMain.removeHandler(wireChannel(name)));
}

export interface WebContentsSinkLike {
  id: number;
  send(channel: string, payload: unknown): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}

/**
 * Attaches a window to the host: records its role and forwards the pushes that role may receive. The
 * subscription ends with the webContents, so a closed customer window stops receiving anything at once.
 */
export function connectWindow(
  host: Pick<CounterHost, 'subscribe'>,
  roles: WindowRoles,
  contents: WebContentsSinkLike,
  role: Role,
): () => void {
  roles.set(contents.id, role);
  const unsubscribe = host.subscribe(role, (event: EventName, payload) => {
    if (!contents.isDestroyed()) contents.send(wireChannel(event), payload);
  });
  const disconnect = () => {
    unsubscribe();
    roles.delete(contents.id);
  };
  contents.once('destroyed', disconnect);
  return disconnect;
}
