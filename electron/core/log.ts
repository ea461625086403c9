/**
 * The host's log port. Entries are structured and carry only what IT needs to diagnose (channel, role, error
 * code, timings) — never call inputs, session content or anything a resident or clerk typed, because logs leave
 * the counter (support bundles) and personal data must not.
 */
export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  event: string;
  [field: string]: string | number | boolean | undefined;
}

export type Logger = (entry: LogEntry) => void;

export const silentLogger: Logger = () => {};

/** One JSON line per entry on stderr: what a support bundle or journald collects. */
export const jsonLineLogger: Logger = (entry) => {
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`);
};
