import { openBackend, type Backend, type BackendOptions } from '../backend';
import type { ServerConfig } from '../config';
import { demoSeed } from './seed';

export interface DemoBackendOptions extends Omit<BackendOptions, 'seed'> {
  /** Generated households per tenant, on top of the hand-picked coverage households (the demo's size). */
  householdsPerTenant?: number;
}

/** The backend as the demo and the tests run it: the demo tenants, staff, catalogs and residents seeded once. */
export function openDemoBackend(config: ServerConfig, options: DemoBackendOptions = {}): Promise<Backend> {
  const { householdsPerTenant = 300, ...backendOptions } = options;
  return openBackend(config, { ...backendOptions, seed: demoSeed({ secret: config.secret, householdsPerTenant }) });
}
