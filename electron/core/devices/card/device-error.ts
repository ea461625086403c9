import { DeviceError, type DeviceErrorCode } from '../../../../shared/devices/errors';

/**
 * Keeps the promise that card code only ever throws DeviceError: anything else reaching a public entry point
 * (a bug, a simulator throwing) becomes `fallback`. Only the error's class name goes into the detail — a
 * foreign message could quote data.
 */
export function asDeviceError(error: unknown, fallback: DeviceErrorCode = 'card_io'): DeviceError {
  if (error instanceof DeviceError) return error;
  const kind = error instanceof Error ? error.name : typeof error;
  return new DeviceError(fallback, {}, `unexpected ${kind}`);
}
