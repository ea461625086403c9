import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * Per-workstation device settings: which card reader, which scanners, which printer and how it is reached.
 * IT sets them per counter PC (a JSON file named by MADOGUCHI_DEVICES; later also by managed policy).
 * Without a file the demo uses the simulators, so `npm start` shows working hardware on any machine.
 */
export const DeviceSettingsSchema = z.strictObject({
  cardReader: z.discriminatedUnion('driver', [
    // A PC/SC reader through pcscd / WinSCard. `reader`: part of the reader's name (first match); null = the first reader.
    z.strictObject({ driver: z.literal('pcsc'), reader: z.string().min(1).nullable().default(null) }),
    // In-process virtual cards (My Number, residence card, staff card) that staff can put on and take off.
    z.strictObject({ driver: z.literal('simulator') }),
    z.strictObject({ driver: z.literal('none') }),
  ]),
  scanner: z.discriminatedUnion('driver', [
    // HID POS scanners (usage page 0x8C), optionally limited to an allow-list of VID/PID.
    z.strictObject({ driver: z.literal('hid'), allow: z.array(z.strictObject({ vendorId: z.number().int(), productId: z.number().int() })).default([]) }),
    // Keyboard-wedge scanners decoded in the staff window by key position, with the scanner's own layout.
    z.strictObject({ driver: z.literal('wedge'), layout: z.enum(['us', 'jis']).default('jis') }),
    z.strictObject({ driver: z.literal('none') }),
  ]),
  printer: z.discriminatedUnion('driver', [
    // An ESC/POS receipt printer: tcp://host:9100, serial:///dev/ttyUSB0?baudRate=38400, usb:///dev/usb/lp0.
    z.strictObject({
      driver: z.literal('escpos'),
      address: z.string().min(1),
      /** Characters per line of the printer font (48 = 80 mm at 203 dpi; 42 for 180-dpi models). */
      cpl: z.number().int().min(24).max(64).default(48),
    }),
    // The ESC/POS emulator on 127.0.0.1, started by the host.
    z.strictObject({ driver: z.literal('simulator'), cpl: z.number().int().min(24).max(64).default(48) }),
    z.strictObject({ driver: z.literal('none') }),
  ]),
  /** Where the print-job ledger lives (no receipt lost or printed twice unmarked across restarts). */
  ledgerFile: z.string().min(1).nullable().default(null),
  /** PEM files of the 出入国在留管理庁 CAs that residence-card signatures must chain to. */
  residenceCardIssuerFiles: z.array(z.string().min(1)).default([]),
  /** This municipality's pre-application code keys, hex (≥ 32 bytes), newest first. */
  preApplicationKeys: z.array(z.string().regex(/^([0-9a-fA-F]{2}){32,}$/)).default([]),
});
export type DeviceSettings = z.infer<typeof DeviceSettingsSchema>;

export const SIMULATED_DEVICES: DeviceSettings = {
  cardReader: { driver: 'simulator' },
  scanner: { driver: 'wedge', layout: 'jis' },
  printer: { driver: 'simulator', cpl: 48 },
  ledgerFile: null,
  residenceCardIssuerFiles: [],
  preApplicationKeys: [],
};

export const NO_DEVICES: DeviceSettings = {
  cardReader: { driver: 'none' },
  scanner: { driver: 'none' },
  printer: { driver: 'none' },
  ledgerFile: null,
  residenceCardIssuerFiles: [],
  preApplicationKeys: [],
};

export class DeviceSettingsError extends Error {
  override readonly name = 'DeviceSettingsError';
}

/** Settings from the file MADOGUCHI_DEVICES names; the simulators in demo mode; otherwise no devices. */
export function loadDeviceSettings(env: NodeJS.ProcessEnv, demo: boolean): DeviceSettings {
  const file = env.MADOGUCHI_DEVICES;
  if (!file) return demo ? SIMULATED_DEVICES : NO_DEVICES;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DeviceSettingsError(`cannot read device settings ${file}: ${(error as Error).message}`);
  }
  const parsed = DeviceSettingsSchema.safeParse(raw);
  if (!parsed.success) {
    throw new DeviceSettingsError(`invalid device settings in ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
  }
  return parsed.data;
}
