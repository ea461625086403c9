import { randomUUID } from 'node:crypto';
import { CounterHost } from './counter-host';
import { jsonLineLogger, type Logger } from './log';

/**
 * Host settings. For now from the environment; the IT-policy layer (managed settings, per-machine) will feed
 * the same object later, so nothing downstream needs to know where a setting came from.
 */
export interface HostConfig {
  /** The counter terminal's registered id (窓口端末ID), recorded with every audit entry later. */
  terminalId: string;
  version: string;
}

export function hostConfigFromEnv(env: NodeJS.ProcessEnv, version: string): HostConfig {
  return { terminalId: env.MADOGUCHI_TERMINAL_ID?.trim() || 'demo-terminal-01', version };
}

/** The one place a CounterHost is assembled with real clocks and ids; both hosts call it. */
export function createCounterHost(
  config: HostConfig,
  platform: 'electron' | 'browser',
  log: Logger = jsonLineLogger,
): CounterHost {
  return new CounterHost({
    terminalId: config.terminalId,
    info: { platform, version: config.version },
    newId: randomUUID,
    now: () => new Date(),
    log,
  });
}
