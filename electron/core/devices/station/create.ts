import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { registerPrintFonts } from '../print/fonts';
import { JsonFileJobStore, MemoryJobStore, PrintJobLedger } from '../print/job-ledger';
import type { EscPosEmulator } from '../print/sim/escpos-emulator';
import { parsePrinterAddress } from '../print/transport';
import { HidScannerDriver, type HidScannerOptions } from '../scan/hid-scanner';
import { watchHidHotplug, type HotplugOptions, type HotplugSignal } from '../scan/hotplug';
import { DeviceSettingsError, type DeviceSettings } from '../settings';
import type { CardSlot } from './card-slot';
import { PcscCardSlot } from './pcsc-slot';
import { EscPosPrinterPort } from './printer-port';
import type { SimulatedCardSlot } from './sim/simulated-slot';
import { DeviceStation, type HostScannerPort, type PrinterPort } from './station';

/**
 * What only the demo has: the simulated reader and printer, and the synthetic trust anchors its virtual cards
 * and pre-application codes are signed with. The demo root supplies them; this module never imports a
 * simulator, so a production build holds none and settings that ask for one are refused.
 */
export interface DeviceSimulators {
  /** The reader with virtual cards that staff put on and take off. */
  cardReader(): SimulatedCardSlot;
  /** The ESC/POS emulator, listening on 127.0.0.1. */
  startPrinter(): Promise<EscPosEmulator>;
  /** Trusted in place of the settings' issuer files while the virtual cards are in use. */
  residenceCardIssuers: X509Certificate[];
  /** Used in place of the settings' keys while the virtual cards are in use. */
  preApplicationKeys: Uint8Array[];
}

export interface CreatedStation {
  station: DeviceStation;
  /** Demo: the ESC/POS emulator the simulated printer is (tests read what it printed). */
  emulator: EscPosEmulator | null;
  /** Demo: the reader with virtual cards. */
  simulatedReader: SimulatedCardSlot | null;
  close(): Promise<void>;
}

/** Where tests replace the OS: node-hid and the hot-plug signal (the defaults are the real ones). */
export interface StationSeams {
  loadNodeHid?: HidScannerOptions['loadNodeHid'];
  hotplug?: HotplugOptions;
}

function hidScanner(allow: { vendorId: number; productId: number }[], seams: StationSeams): HostScannerPort {
  const driver = new HidScannerDriver({ allow, ...(seams.loadNodeHid ? { loadNodeHid: seams.loadNodeHid } : {}) });
  void driver.refresh();
  // A scanner plugged in or pulled out: enumerate again (no polling).
  const listeners = new Set<() => void>();
  let signal: HotplugSignal | null = null;
  const watch = watchHidHotplug(() => void driver.refresh(), seams.hotplug);
  void watch.ready.then((ready) => {
    signal = ready;
    for (const listener of listeners) listener();
  });
  return {
    driver: 'hid',
    status: () => {
      const status = driver.status;
      // The driver is 'ready' once it has enumerated, also when it found no scanner: that is 'none' for staff.
      if (status.state === 'ready') return status.scanners.length > 0 ? 'ready' : 'none';
      return status.state === 'unavailable' ? 'unavailable' : 'none';
    },
    // 'none' only for the moment until watching has started; listeners hear when it has.
    hotplug: () => signal ?? 'none',
    refresh: async () => void (await driver.refresh()),
    onScan: (listener) => driver.onScan((scan) => listener(scan.text)),
    onChange: (listener) => {
      listeners.add(listener);
      const off = driver.onStatus(() => listener());
      return () => {
        listeners.delete(listener);
        off();
      };
    },
    close: async () => {
      await Promise.all([watch.stop(), driver.close()]);
    },
  };
}

/**
 * Builds the counter's devices from the workstation's settings. The simulators are used only when the settings
 * say so, which the demo does, and only where the demo root has passed them in.
 */
export async function createDeviceStation(settings: DeviceSettings, context: { now: () => Date; simulators?: DeviceSimulators } & StationSeams): Promise<CreatedStation> {
  const simulators = (): DeviceSimulators => {
    if (context.simulators) return context.simulators;
    throw new DeviceSettingsError('the simulated devices exist only in the demo (npm start): name a real card reader and printer in MADOGUCHI_DEVICES');
  };
  let simulatedReader: SimulatedCardSlot | null = null;
  let card: CardSlot | null = null;
  if (settings.cardReader.driver === 'simulator') card = simulatedReader = simulators().cardReader();
  else if (settings.cardReader.driver === 'pcsc') card = PcscCardSlot.open(settings.cardReader.reader);

  let emulator: EscPosEmulator | null = null;
  let printer: PrinterPort | null = null;
  if (settings.printer.driver !== 'none') {
    // Raster lines need the bundled fonts registered once, before the first receipt.
    registerPrintFonts();
    if (settings.printer.driver === 'simulator') emulator = await simulators().startPrinter();
    const addressText = settings.printer.driver === 'simulator' ? emulator!.url : settings.printer.address;
    const ledger = await PrintJobLedger.open(settings.ledgerFile ? new JsonFileJobStore(settings.ledgerFile) : new MemoryJobStore(), { now: context.now });
    const port = new EscPosPrinterPort({
      driver: settings.printer.driver,
      address: parsePrinterAddress(addressText),
      addressText,
      ledger,
      profile: { cpl: settings.printer.cpl, widthDots: settings.printer.cpl * 12 },
    });
    void port.refresh();
    printer = port;
  }

  const simulated = settings.cardReader.driver === 'simulator' ? simulators() : null;
  const station = new DeviceStation({
    card,
    scanner: settings.scanner.driver === 'hid' ? hidScanner(settings.scanner.allow, context) : null,
    wedgeLayout: settings.scanner.driver === 'wedge' ? settings.scanner.layout : null,
    printer,
    // The demo's virtual residence cards are signed by a synthetic issuer; real counters trust ISA's CAs.
    residenceCardIssuers: simulated ? simulated.residenceCardIssuers : settings.residenceCardIssuerFiles.map((file) => new X509Certificate(readFileSync(file))),
    preApplicationKeys: simulated ? simulated.preApplicationKeys : settings.preApplicationKeys.map((hex) => Uint8Array.from(Buffer.from(hex, 'hex'))),
    now: context.now,
    ...(simulatedReader ? { simulator: simulatedReader } : {}),
  });
  return {
    station,
    emulator,
    simulatedReader,
    close: async () => {
      await station.close();
      await emulator?.close();
    },
  };
}
