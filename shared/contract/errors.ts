import { z } from 'zod';

/**
 * Every failure a window can get back from the host. The code is stable and typed; the renderer turns it into
 * a sentence in the user's language (i18n key `errors.<code>`), so a clerk never sees a stack trace.
 */
export const HOST_ERROR_CODES = [
  'unknown_channel', // the call is not in the contract
  'forbidden', // the calling window's role may not use this call, or the sender failed validation
  'invalid_input', // the payload did not match the contract's schema
  'invalid_state', // the call does not fit the visit's current state (e.g. "next step" with no visit)
  'blocked', // the visit's step is not done yet ("next step" before choosing a household): details carry {step}
  'unavailable', // the host or the cloud backend could not be reached; retry with the same request id
  'rejected', // the cloud backend refused (wrong password, locked account, …): details carry its code and message
  'session_expired', // the clerk's backend sign-in has ended (idle or past its hours): sign in again; the open visit stays in the host
  'staff_mismatch', // another clerk signed in while a visit begun by the signed-in clerk is open: the same clerk signs in again
  'device', // a counter device failed (card pulled mid-read, wrong PIN, paper out…): details carry {device, code, params}
  'internal', // a bug: logged on the host without personal data
] as const;

export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

export const HostErrorSchema = z.object({
  code: z.enum(HOST_ERROR_CODES),
  /** English developer text for logs and diagnostics; never shown as-is to a resident. */
  message: z.string(),
  details: z.unknown().optional(),
});
export type HostErrorPayload = z.infer<typeof HostErrorSchema>;

/** Thrown on the renderer side when a host call fails, so callers can switch on `code`. */
export class HostCallError extends Error {
  readonly code: HostErrorCode;
  readonly details: unknown;
  constructor(payload: HostErrorPayload) {
    super(payload.message);
    this.name = 'HostCallError';
    this.code = payload.code;
    this.details = payload.details;
  }
}

/** The envelope every invoke answers with, over Electron IPC and over the browser host's WebSocket alike. */
export type HostResult<T> = { ok: true; value: T } | { ok: false; error: HostErrorPayload };

export function hostError(code: HostErrorCode, message: string, details?: unknown): HostResult<never> {
  return { ok: false, error: details === undefined ? { code, message } : { code, message, details } };
}
