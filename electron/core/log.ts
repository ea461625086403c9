import type { Logger } from './devices/log';

/** The host's log port is the drivers' (see devices/log.ts for what an entry may carry). */
export { silentLogger, type LogEntry, type Logger } from './devices/log';

/** One JSON line per entry on stderr: what a support bundle or journald collects. */
export const jsonLineLogger: Logger = (entry) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};
