import { testIssuer } from '../core/devices/card/residence/sim/test-keys';
import { EscPosEmulator } from '../core/devices/print/sim/escpos-emulator';
import type { DeviceSimulators } from '../core/devices/station/create';
import { SimulatedCardSlot } from '../core/devices/station/sim/simulated-slot';
import { demoCards } from './cards';

/** The pre-application key of the demo municipalities (synthetic; never a production key). */
export const DEMO_PRE_APPLICATION_KEY = new Uint8Array(32).fill(0x5a);

/**
 * The demo counter's hardware: virtual cards of the municipality's demo residents on a simulated reader, the
 * ESC/POS emulator on 127.0.0.1, and the synthetic trust anchors they are signed with (the TEST-ONLY issuer of
 * the residence cards, the demo's pre-application key).
 */
export function demoSimulators(tenantId: string): DeviceSimulators {
  return {
    cardReader: () => new SimulatedCardSlot(demoCards(tenantId)),
    startPrinter: () => EscPosEmulator.start(),
    residenceCardIssuers: [testIssuer(1), testIssuer(2)],
    preApplicationKeys: [DEMO_PRE_APPLICATION_KEY],
  };
}
