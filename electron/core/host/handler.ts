import type { z } from 'zod';
import { hostError, type contract, type HostResult, type InvokeName, type OutputOf, type Role } from '../../../shared/contract';
import { isDeviceError } from '../../../shared/devices/errors';
import type { SignedInStaff } from '../../../shared/session/state';
import type { VisitStep } from '../../../shared/session/steps';
import { CloudError } from '../cloud-client';
import type { DevicePort } from '../devices/port';
import type { Logger } from '../log';
import type { CounterHostOptions } from './ports';
import type { SessionStore } from './store';

export type ParsedInput<K extends InvokeName> = z.output<(typeof contract)[K]['input']>;
export type Outcome<K extends InvokeName> = HostResult<OutputOf<K>> | Promise<HostResult<OutputOf<K>>>;
export type Ack = HostResult<{ rev: number }>;

/** What a handler works with: the session store and the ports. Nothing above them (never the CounterHost). */
export interface HostContext extends Omit<CounterHostOptions, 'log'> {
  store: SessionStore;
  log: Logger;
}

/** What the dispatcher checks before a handler runs. */
export type Need = 'staff' | 'devices';
export type DeviceName = 'cardReader' | 'scanner' | 'printer';

/** The context a handler gets once its needs are met: declaring them makes the signed-in clerk and the device port non-optional. */
export type Granted<N extends Need> = HostContext & ('staff' extends N ? { staff: SignedInStaff } : unknown) & ('devices' extends N ? { devices: DevicePort } : unknown);

/**
 * How a call meets the store's queue (THE QUEUE RULE in store.ts):
 * - `hold`: its checks and its whole run, backend calls included, happen inside `store.serial`;
 * - `revalidate`: its checks and its slow device I/O happen outside; it applies inside `store.serial` after
 *   checking that the visit is still the one (and at the step) it read for;
 * - `outside`: it never writes the session from what it read.
 */
export type QueueMode = 'hold' | 'revalidate' | 'outside';

export interface HandlerSpec<K extends InvokeName, N extends Need> {
  queue: QueueMode;
  /** Checked in this order before `run`: a signed-in clerk, the counter's devices, then `step`. */
  needs?: readonly N[];
  /** The device the call uses: named when the counter has none, and where a DeviceError thrown by `run` comes from. */
  device?: DeviceName;
  /** The visit must be at this step. */
  step?: VisitStep;
  /** A CloudError or (with `device`) a DeviceError it throws is answered as the typed error (see `asHostError`). */
  run: (input: ParsedInput<K>, ctx: Granted<N>, role: Role) => Outcome<K>;
}

export interface Handler<K extends InvokeName> extends HandlerSpec<K, Need> {
  channel: K;
}

/** One call's handler, its needs inferred from what it declares. */
export function handle<K extends InvokeName, const N extends Need = never>(channel: K, spec: HandlerSpec<K, N>): Handler<K> {
  return { channel, ...spec };
}

const DEVICE_WORDS: Record<DeviceName, string> = { cardReader: 'card reader', scanner: 'scanner', printer: 'printer' };

export function noDevice(device: DeviceName): HostResult<never> {
  return hostError('invalid_state', `this counter has no ${DEVICE_WORDS[device]}`);
}

/** The handler's needs checked against the session as it is now: the context it may run with, or why not. */
export function admit(handler: Omit<Handler<InvokeName>, 'run'>, ctx: HostContext): HostResult<Granted<Need>> {
  const { staff, visit } = ctx.store.state;
  const needs: readonly Need[] = handler.needs ?? [];
  if (needs.includes('staff') && !staff) return hostError('invalid_state', 'sign in first');
  if (needs.includes('devices') && !ctx.devices) return noDevice(handler.device ?? 'cardReader');
  if (handler.step && visit?.step !== handler.step) return hostError('invalid_state', `this is done in the ${handler.step} step of a visit`);
  // Typed as all granted: the handler's own declaration (`handle`) narrows what it can see to what was checked.
  return { ok: true, value: { ...ctx, staff, devices: ctx.devices } as Granted<Need> };
}

/**
 * A failure thrown by a handler as a typed host error: a device's (`device` says which), or the backend's. An
 * ended backend sign-in is said as such and marked in the session (a blind write: see the queue rule), so the
 * staff screen asks the clerk to sign in again while the visit waits. Anything else is a bug: logged without
 * personal data, answered `internal`.
 */
export function asHostError(error: unknown, ctx: HostContext, device: DeviceName | undefined, where: Record<string, string>): HostResult<never> {
  if (device && isDeviceError(error)) return hostError('device', `${device}: ${error.code}`, { device, code: error.code, params: error.params });
  if (error instanceof CloudError) {
    if (error.kind === 'session_expired') {
      ctx.store.apply({ type: 'backendSessionExpired' });
      ctx.log({ level: 'warn', event: 'cloud.session_expired' });
      return hostError('session_expired', 'the backend sign-in has ended: sign in again');
    }
    return error.kind === 'unavailable'
      ? hostError('unavailable', 'the cloud backend cannot be reached')
      : hostError('rejected', error.body?.message ?? 'the cloud backend refused', { code: error.body?.code ?? 'rejected', message: error.body?.message ?? '' });
  }
  ctx.log({ level: 'error', event: 'call.failed', ...where, error: (error as Error).name });
  return hostError('internal', `the host failed while handling ${where.channel ?? 'a call'}`);
}
