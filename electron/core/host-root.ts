import { loadDeviceSettings } from './devices/settings';
import { createDeviceStation, type CreatedStation } from './devices/station/create';

/** The cloud backend a host talks to, and what to close when the host stops. */
export interface BackendEndpoint {
  url: string;
  /** Whether the host runs it itself (the demo's embedded backend). */
  embedded: boolean;
  close(): Promise<void>;
}

/**
 * What a composition root gives a host shell (Electron main, the browser host): the backend and the counter's
 * devices. The production root below knows no demo; the demo root (electron/demo/root.ts) adds the embedded
 * backend with demo data and the simulated hardware.
 */
export interface HostRoot {
  backend(env: NodeJS.ProcessEnv, dataDir: string): Promise<BackendEndpoint>;
  devices(env: NodeJS.ProcessEnv, context: { tenantId: string; now: () => Date; backend: BackendEndpoint }): Promise<CreatedStation>;
}

export class HostRootError extends Error {
  override readonly name = 'HostRootError';
}

/** The counter as it ships: the municipality's configured backend, the workstation's configured devices. */
export const productionRoot: HostRoot = {
  backend: async (env) => {
    const url = env.MADOGUCHI_BACKEND_URL?.trim();
    if (!url) throw new HostRootError('MADOGUCHI_BACKEND_URL is not set: the counter needs the address of its cloud backend');
    return { url, embedded: false, close: async () => {} };
  },
  devices: (env, context) => createDeviceStation(loadDeviceSettings(env, false), { now: context.now }),
};
