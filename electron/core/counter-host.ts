import type { z } from 'zod';
import {
  channelAllows,
  contract,
  hostError,
  isInvokeName,
  type EventName,
  type HostInfo,
  type HostResult,
  type InvokeName,
  type OutputOf,
  type PayloadOf,
  type Role,
} from '../../shared/contract';
import { customerView, sameCustomerContent, staffView } from '../../shared/session/projection';
import { initialSession, reduceSession, type CounterSession, type SessionAction } from '../../shared/session/state';
import { silentLogger, type Logger } from './log';
import { RequestMemo } from './request-memo';

export interface CounterHostOptions {
  terminalId: string;
  info: HostInfo;
  newId: () => string;
  now: () => Date;
  log?: Logger;
}

type ParsedInput<K extends InvokeName> = z.output<(typeof contract)[K]['input']>;
type Handler<K extends InvokeName> = (input: ParsedInput<K>, role: Role) => HostResult<OutputOf<K>>;

export type HostListener = <K extends EventName>(event: K, payload: PayloadOf<K>) => void;

/**
 * The host core: owns the counter session and answers the contract. Transport-free — Electron IPC
 * (electron/main/ipc.ts) and the browser host's WebSocket (electron/web-host) both call `invoke` with the
 * role they have established for the caller, and forward what `subscribe` pushes. Everything here runs under
 * plain Node; nothing imports Electron.
 */
export class CounterHost {
  private session: CounterSession;
  private lastCustomerPush;
  private readonly memo = new RequestMemo<HostResult<unknown>>();
  private readonly listeners = new Set<{ role: Role; listener: HostListener }>();
  private readonly log: Logger;

  constructor(private readonly options: CounterHostOptions) {
    this.session = initialSession(options.terminalId);
    this.lastCustomerPush = customerView(this.session);
    this.log = options.log ?? silentLogger;
  }

  /**
   * Validates and runs one call from a window whose role the transport has already established.
   * Never throws: every outcome is a HostResult, so transports have one thing to send back.
   */
  async invoke(role: Role, channel: string, rawInput: unknown): Promise<HostResult<unknown>> {
    if (!isInvokeName(channel)) return hostError('unknown_channel', `no such call: ${channel}`);
    const def = contract[channel];
    if (!channelAllows(channel, role)) {
      this.log({ level: 'warn', event: 'call.forbidden', channel, role });
      return hostError('forbidden', `the ${role} window may not call ${channel}`);
    }
    const parsed = def.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      // Only the paths of the offending fields: their values may be personal data.
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)');
      this.log({ level: 'warn', event: 'call.invalid_input', channel, role, fields: fields.join(',') });
      return hostError('invalid_input', `invalid input for ${channel}`, { fields });
    }

    if (!def.mutating) return this.run(channel, parsed.data, role);

    const input = parsed.data as { requestId: string };
    const key = `${role}:${input.requestId}`;
    const fingerprint = JSON.stringify([channel, parsed.data]);
    const seen = this.memo.lookup(key, fingerprint);
    if (seen === 'conflict') return hostError('invalid_input', 'request id reused for a different request');
    if (seen) return seen.value;
    const result = this.run(channel, parsed.data, role);
    this.memo.remember(key, fingerprint, result);
    return result;
  }

  /** Pushes for one role. The listener gets only the events that role may receive. */
  subscribe(role: Role, listener: HostListener): () => void {
    const entry = { role, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** Reported by the platform: a customer display (Electron) or customer page (browser host) came or went. */
  setCustomerDisplay(status: CounterSession['customerDisplay']): void {
    this.apply({ type: 'customerDisplayChanged', status });
  }

  private run(channel: InvokeName, input: unknown, role: Role): HostResult<unknown> {
    const handler = this.handlers[channel] as Handler<InvokeName>;
    try {
      const result = handler(input as never, role);
      if (!result.ok) return result;
      // Outputs are checked too: the customer schemas are strict, so a leak becomes an error, not a disclosure.
      const checked = contract[channel].output.safeParse(result.value);
      if (!checked.success) {
        this.log({ level: 'error', event: 'call.invalid_output', channel, role });
        return hostError('internal', `the host produced an invalid answer for ${channel}`);
      }
      return { ok: true, value: checked.data };
    } catch (error) {
      this.log({ level: 'error', event: 'call.failed', channel, role, error: (error as Error).name });
      return hostError('internal', `the host failed while handling ${channel}`);
    }
  }

  private apply(action: SessionAction): HostResult<{ rev: number }> {
    const result = reduceSession(this.session, action);
    if (!result.ok) return hostError('invalid_state', result.reason);
    if (result.state !== this.session) {
      this.session = result.state;
      this.publish();
    }
    return { ok: true, value: { rev: this.session.rev } };
  }

  private publish(): void {
    const staff = staffView(this.session);
    const customer = contract.customerViewChanged.payload.parse(customerView(this.session));
    const customerChanged = !sameCustomerContent(customer, this.lastCustomerPush);
    this.lastCustomerPush = customer;
    for (const { role, listener } of this.listeners) {
      if (channelAllows('staffViewChanged', role)) listener('staffViewChanged', staff);
      if (customerChanged && channelAllows('customerViewChanged', role)) listener('customerViewChanged', customer);
    }
  }

  private readonly handlers: { [K in InvokeName]: Handler<K> } = {
    getHostInfo: () => ({ ok: true, value: this.options.info }),
    getStaffSnapshot: () => ({ ok: true, value: staffView(this.session) }),
    getCustomerSnapshot: () => ({ ok: true, value: customerView(this.session) }),
    startVisit: () =>
      this.apply({ type: 'startVisit', visitId: this.options.newId(), startedAt: this.options.now().toISOString() }),
    setCustomerLanguage: ({ language }) => this.apply({ type: 'setCustomerLanguage', language }),
    chooseLanguage: ({ language }) => this.apply({ type: 'setCustomerLanguage', language }),
    nextStep: () => this.apply({ type: 'nextStep' }),
    previousStep: () => this.apply({ type: 'previousStep' }),
    setStaffNote: ({ text }) => this.apply({ type: 'setStaffNote', text }),
    endVisit: () => this.apply({ type: 'endVisit' }),
  };
}
