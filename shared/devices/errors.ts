import { z } from 'zod';

/**
 * Typed errors of the counter hardware (IC cards, scanners, printers). Every driver, parser and simulator
 * throws `DeviceError` with one of these codes, never a bare Error: the host turns the code into a message
 * in the user's language (`devices.errors.<code>` in shared/i18n) and decides what to do next from the code.
 *
 * Params carry only what the message needs (tries left, a field name, a status flag). They must never carry
 * a PIN, a card number, a 個人番号, resident data or raw APDU bytes: errors are logged.
 */

export const DEVICE_ERROR_CODES = [
  // IC cards (PC/SC)
  'pcsc_unavailable', // no PC/SC service (pcscd not running, library missing)
  'reader_missing', // the configured reader is not attached
  'card_absent', // no card on the reader
  'card_removed', // the card left the reader during a read: nothing of the read is used
  'card_unsupported', // not a My Number card / residence card (unknown AP, wrong card type)
  'card_io', // the reader or card stopped answering (timeout, transmit error)
  'card_protocol', // an answer that breaks the protocol (bad status word, malformed TLV)
  'pin_format', // the PIN is not 4 digits (checked before anything is sent to the card)
  'pin_wrong', // params.triesLeft
  'pin_locked', // the PIN is blocked; only the municipality can reset it. No VERIFY is sent any more
  'card_number_mismatch', // residence card: the entered card number does not open this card
  'card_auth_failed', // residence card: mutual authentication failed (MAC or random mismatch)
  'signature_invalid', // the card's data does not verify against its signature / issuer
  // Scanners
  'scan_garbled', // a scan that cannot be decoded (bad report, wrong length, bad characters)
  'mrz_format', // params.format?: not a TD1/TD2/TD3 MRZ
  'mrz_check_digit', // params.field: the field whose check digit is wrong
  'qr_invalid', // not a Madoguchi pre-application code
  'qr_signature', // a pre-application code whose MAC does not verify
  // Printers (ESC/POS)
  'printer_offline', // no answer / cannot connect
  'printer_cover_open',
  'printer_paper_out',
  'printer_error', // params.kind?: 'cutter' | 'unrecoverable' | 'recoverable' | 'overheat'
  'printer_timeout', // sent, but no completion reply in time: outcome unknown
  'print_outcome_unknown', // bytes left the host but completion was never confirmed; never retried automatically
] as const;

export type DeviceErrorCode = (typeof DEVICE_ERROR_CODES)[number];

export type DeviceErrorParams = Readonly<Record<string, string | number | boolean>>;

/** A device error as it is kept and shown: its code and params (a view's last error, a print job's error). */
export const DeviceErrorReportSchema = z.object({
  code: z.enum(DEVICE_ERROR_CODES),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});

export class DeviceError extends Error {
  override readonly name = 'DeviceError';
  constructor(
    readonly code: DeviceErrorCode,
    readonly params: DeviceErrorParams = {},
    /** Developer detail (no personal data, no key material, no APDU data bytes). */
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
  }
}

export function isDeviceError(value: unknown, code?: DeviceErrorCode): value is DeviceError {
  return value instanceof DeviceError && (code === undefined || value.code === code);
}
