import { z } from 'zod';

/**
 * The states of a print job in the counter's no-loss / no-duplicate ledger (the transitions and the retry rule
 * are the ledger's: electron/core/devices/print/job-ledger.ts). Staff read them as: CONFIRMED printed,
 * FAILED_BEFORE_SEND nothing printed, UNKNOWN look at the printer (it may have printed); QUEUED and SENT are on
 * their way.
 */
export const PRINT_JOB_STATES = ['QUEUED', 'SENT', 'CONFIRMED', 'FAILED_BEFORE_SEND', 'UNKNOWN'] as const;
export const PrintJobStateSchema = z.enum(PRINT_JOB_STATES);
export type PrintJobState = z.infer<typeof PrintJobStateSchema>;

/** What the counter prints: the fee receipt (or acknowledgement slip) and the queue ticket. */
export const PrintJobKindSchema = z.enum(['receipt', 'ticket']);
export type PrintJobKind = z.infer<typeof PrintJobKindSchema>;
