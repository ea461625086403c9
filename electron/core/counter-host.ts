import { createHash } from 'node:crypto';
import { channelAllows, contract, hostError, isInvokeName, type HostResult, type InvokeName, type Role } from '../../shared/contract';
import type { CounterSession } from '../../shared/session/state';
import { confirmSignHandlers } from './host/confirm-sign';
import { deviceHandlers, relayDeviceChanges } from './host/devices';
import { guidePdfHandlers } from './host/guide-pdf';
import { admit, asHostError, type Granted, type Handler, type HostContext, type Need } from './host/handler';
import { identifyHandlers, identifyScans } from './host/identify';
import { intakeHandlers } from './host/intake';
import { handoffHandlers } from './host/handoff';
import { securityEventHandlers } from './host/security-events';
import { judgeHandlers } from './host/judge';
import type { CounterHostOptions } from './host/ports';
import { procedureHandlers } from './host/procedures';
import { receiptHandlers } from './host/receipt';
import { signInHandlers } from './host/sign-in';
import { SessionStore, type HostListener } from './host/store';
import { submitHandlers } from './host/submit';
import { visitHandlers } from './host/visit';
import { silentLogger } from './log';
import { RequestMemo } from './request-memo';

export type { CloudPort, CounterHostOptions } from './host/ports';
export type { HostListener } from './host/store';

/** Every call's handler, by area (electron/core/host/). */
const HANDLERS = [
  ...visitHandlers,
  ...signInHandlers,
  ...identifyHandlers,
  ...intakeHandlers,
  ...handoffHandlers,
  ...judgeHandlers,
  ...procedureHandlers,
  ...confirmSignHandlers,
  ...submitHandlers,
  ...receiptHandlers,
  ...guidePdfHandlers,
  ...deviceHandlers,
  ...securityEventHandlers,
];
// Checked by the compiler: every call of the contract has a handler.
const everyCallHandled: [Exclude<InvokeName, (typeof HANDLERS)[number]['channel']>] extends [never] ? true : false = true;
void everyCallHandled;

/** A handler as the dispatcher runs it, whatever its call (its input was parsed with that call's schema). */
type Dispatched = Omit<Handler<InvokeName>, 'run'> & { run: (input: unknown, ctx: Granted<Need>, role: Role) => HostResult<unknown> | Promise<HostResult<unknown>> };
const BY_CHANNEL = new Map<InvokeName, Dispatched>(HANDLERS.map((handler) => [handler.channel, handler as unknown as Dispatched]));

/** Answers that are no answer to keep: the same request id may be retried and must then really run again. */
const TRANSIENT = new Set(['unavailable', 'internal', 'session_expired']);

/**
 * The host core's front door: answers the contract for a window whose role the transport established
 * (Electron IPC in electron/main/ipc.ts, the browser host's WebSocket in electron/web-host), and forwards what
 * the session store pushes. It looks the call up, checks the role, validates the input, answers a repeated
 * request id from the memo, runs the handler in or beside the store's queue (store.ts: THE QUEUE RULE) and
 * checks the output. The handlers (electron/core/host/) do the work against the store and the ports.
 */
export class CounterHost {
  private readonly store: SessionStore;
  private readonly context: HostContext;
  private readonly memo = new RequestMemo<Promise<HostResult<unknown>>>();

  constructor(options: CounterHostOptions) {
    this.store = new SessionStore(options.terminalId);
    this.context = { ...options, log: options.log ?? silentLogger, store: this.store };
    relayDeviceChanges(this.context);
    // A scan from a scanner the host drives (HID POS) identifies like a card read, when the visit is there.
    identifyScans(this.context);
  }

  /**
   * Validates and runs one call. Never throws: every outcome is a HostResult, so transports have one thing to
   * send back. Nothing is awaited before the call is queued, so commands queue in the order they arrived.
   */
  async invoke(role: Role, channel: string, rawInput: unknown): Promise<HostResult<unknown>> {
    if (!isInvokeName(channel)) return hostError('unknown_channel', `no such call: ${channel}`);
    const log = this.context.log;
    if (!channelAllows(channel, role)) {
      log({ level: 'warn', event: 'call.forbidden', channel, role });
      return hostError('forbidden', `the ${role} window may not call ${channel}`);
    }
    const parsed = contract[channel].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      // Only the paths of the offending fields: their values may be personal data (or a password).
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
      log({ level: 'warn', event: 'call.invalid_input', channel, role, fields: fields.join(',') });
      return hostError('invalid_input', `invalid input for ${channel}`, { fields });
    }
    if (!contract[channel].mutating) return this.run(channel, parsed.data, role);

    const key = `${role}:${(parsed.data as { requestId: string }).requestId}`;
    // Hashed: the memo outlives the call, and inputs may hold a password or a PIN.
    const fingerprint = createHash('sha256').update(JSON.stringify([channel, parsed.data])).digest('base64');
    const seen = this.memo.lookup(key, fingerprint);
    if (seen === 'conflict') return hostError('invalid_input', 'request id reused for a different request');
    if (seen) return seen.value;
    // The promise is remembered before it settles, so a duplicate arriving meanwhile waits for the same answer.
    const result = this.run(channel, parsed.data, role);
    this.memo.remember(key, fingerprint, result);
    // A transient failure (backend unreachable, sign-in ended, host bug) is forgotten; the backend's own
    // idempotency keys prevent a double effect when the same id runs again.
    void result.then((answer) => {
      if (!answer.ok && TRANSIENT.has(answer.error.code)) this.memo.forget(key);
    });
    return result;
  }

  /** Pushes for one role. The listener gets only the events that role may receive. */
  subscribe(role: Role, listener: HostListener): () => void {
    return this.store.subscribe(role, listener);
  }

  /** Reported by the platform: a customer display (Electron) or customer page (browser host) came or went. */
  setCustomerDisplay(status: CounterSession['customerDisplay']): void {
    // A blind write (it depends on nothing read): applied at once, outside the queue.
    this.store.apply({ type: 'customerDisplayChanged', status });
  }

  /** Runs the handler: held in the store's queue, or beside it (see each handler's `queue`). */
  private run(channel: InvokeName, input: unknown, role: Role): Promise<HostResult<unknown>> {
    const handler = BY_CHANNEL.get(channel)!;
    const attempt = async (): Promise<HostResult<unknown>> => {
      try {
        const admitted = admit(handler, this.context);
        if (!admitted.ok) return admitted;
        const result = await handler.run(input, admitted.value, role);
        if (!result.ok) return result;
        // Outputs are checked too: the customer schemas are strict, so a leak becomes an error, not a disclosure.
        const checked = contract[channel].output.safeParse(result.value);
        if (checked.success) return { ok: true, value: checked.data };
        this.context.log({ level: 'error', event: 'call.invalid_output', channel, role });
        return hostError('internal', `the host produced an invalid answer for ${channel}`);
      } catch (error) {
        return asHostError(error, this.context, handler.device, { channel, role });
      }
    };
    return handler.queue === 'hold' ? this.store.serial(attempt) : attempt();
  }
}
