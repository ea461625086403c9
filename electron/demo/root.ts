import { loadDeviceSettings } from '../core/devices/settings';
import { createDeviceStation } from '../core/devices/station/create';
import type { HostRoot } from '../core/host-root';
import { demoSimulators } from './devices';
import { resolveBackend } from './embedded-backend';

/**
 * The demo's composition root (`npm start`, `npm run host`, the end-to-end tests): the embedded backend with
 * the demo municipalities unless MADOGUCHI_BACKEND_URL names one, and — with the embedded backend and no
 * MADOGUCHI_DEVICES file — the simulated card reader and the printer emulator, so the hardware works anywhere.
 * Never part of the packaged app: it is built as its own bundle (out/electron-demo) beside the production one.
 */
export const demoRoot: HostRoot = {
  backend: resolveBackend,
  devices: (env, context) =>
    createDeviceStation(loadDeviceSettings(env, context.backend.embedded), { now: context.now, simulators: demoSimulators(context.tenantId) }),
};
