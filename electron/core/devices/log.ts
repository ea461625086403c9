/**
 * The log port, defined at the lowest layer that logs (the drivers) so that a driver needs nothing above it; the
 * host's logging (../log.ts) is this same port. Entries are structured and carry only what IT needs to diagnose
 * (channel, role, error code, timings) — never call inputs, session content or anything a resident or clerk typed,
 * because logs leave the counter (support bundles) and personal data must not.
 */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  event: string;
  [field: string]: string | number | boolean | undefined;
}

export type Logger = (entry: LogEntry) => void;

export const silentLogger: Logger = () => {};
