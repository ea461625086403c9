import { randomUUID } from 'node:crypto';
import { CloudClient } from './cloud-client';
import { CounterHost, type CloudPort } from './counter-host';
import type { DevicePort } from './devices/port';
import { jsonLineLogger, type Logger } from './log';

/**
 * Host settings. For now from the environment; the IT-policy layer (managed settings, per-machine) will feed
 * the same object later, so nothing downstream needs to know where a setting came from.
 */
export interface HostConfig {
  /** The counter terminal's registered id (窓口端末ID), recorded with every audit entry. */
  terminalId: string;
  /** The municipality this counter serves (地方公共団体コード). */
  tenantId: string;
  version: string;
}

export function hostConfigFromEnv(env: NodeJS.ProcessEnv, version: string): HostConfig {
  return {
    terminalId: env.MADOGUCHI_TERMINAL_ID?.trim() || 'demo-terminal-01',
    tenantId: env.MADOGUCHI_TENANT_ID?.trim() || '212113',
    version,
  };
}

export interface CounterHostOptions {
  config: HostConfig;
  platform: 'electron' | 'browser';
  /** The cloud backend the default cloud client talks to. */
  backendUrl: string;
  log?: Logger;
  /** Replaces the cloud client (tests). */
  cloud?: CloudPort;
  renderPdf?: (page: 'guide') => Promise<Uint8Array>;
  devices?: DevicePort;
}

/** The one place a CounterHost is assembled with real clocks, ids and the cloud client; both hosts call it. */
export function createCounterHost(options: CounterHostOptions): CounterHost {
  const { config, platform, renderPdf, devices } = options;
  return new CounterHost({
    ...(renderPdf ? { renderPdf } : {}),
    ...(devices ? { devices } : {}),
    terminalId: config.terminalId,
    tenantId: config.tenantId,
    info: { platform, version: config.version },
    newId: randomUUID,
    now: () => new Date(),
    cloud: options.cloud ?? new CloudClient(options.backendUrl),
    log: options.log ?? jsonLineLogger,
  });
}
