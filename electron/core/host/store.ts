import { channelAllows, contract, hostError, type CustomerView, type EventName, type HostResult, type PayloadOf, type Role } from '../../../shared/contract';
import { customerView, sameCustomerContent, staffView } from '../../../shared/session/projection';
import { initialSession, reduceSession, type CounterSession, type SessionAction } from '../../../shared/session/state';
import { VisitData } from './visit-data';

export type HostListener = <K extends EventName>(event: K, payload: PayloadOf<K>) => void;

/**
 * The counter session and the one way it changes. `apply` runs the pure reducer and, when something changed,
 * pushes each window its projection (stamped with the new `rev`).
 *
 * THE QUEUE RULE. Every command that reads the session and then writes it runs inside `serial`, one after the
 * other in the order the calls arrived — staff and customer commands alike, and HID scans. Such a command
 * either holds the queue for its whole read-modify-write (also across the backend calls it awaits), or does its
 * slow I/O (a card read with a PIN) outside and, back in the queue, checks that what it read is still so (same
 * visit, same step) before it applies. Outside the queue run only calls that never write the session from what
 * they read: snapshots and other pure reads, device status and diagnostics, printing, searches that only
 * answer, the guide PDF. The one write such a call may make is a blind one that depends on nothing it read
 * (the backend said the sign-in ended; a customer display came or went): `apply` is synchronous, so it lands
 * atomically on whatever the session is then. Never call `serial` from inside `serial`: it would wait on itself.
 */
export class SessionStore {
  private session: CounterSession;
  private lastCustomerPush: CustomerView;
  private readonly listeners = new Set<{ role: Role; listener: HostListener }>();
  private tail: Promise<unknown> = Promise.resolve();
  /** The open visit's personal data kept outside the session; cleared whenever the visit changes. */
  readonly visitData = new VisitData();

  constructor(terminalId: string) {
    this.session = initialSession(terminalId);
    this.lastCustomerPush = customerView(this.session);
  }

  get state(): CounterSession {
    return this.session;
  }

  apply(action: SessionAction): HostResult<{ rev: number }> {
    const result = reduceSession(this.session, action);
    if (!result.ok) return hostError(result.code ?? 'invalid_state', result.reason, result.details);
    if (result.state !== this.session) {
      if (result.state.visit?.visitId !== this.session.visit?.visitId) this.visitData.clear();
      this.session = result.state;
      this.publish();
    }
    return { ok: true, value: { rev: this.session.rev } };
  }

  /**
   * Runs `command` after every command queued before it has settled. A command that fails or throws hands the
   * queue on all the same (its caller gets the rejection).
   */
  serial<T>(command: () => T | Promise<T>): Promise<T> {
    const run = this.tail.then(command);
    this.tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Pushes for one role. The listener gets only the events that role may receive. */
  subscribe(role: Role, listener: HostListener): () => void {
    const entry = { role, listener };
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  emit<K extends EventName>(event: K, payload: PayloadOf<K>): void {
    for (const { role, listener } of this.listeners) if (channelAllows(event, role)) listener(event, payload);
  }

  /** Both projections of the new state; the customer one only when what the resident sees has changed. */
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
}
