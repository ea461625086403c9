import { z } from 'zod';
import { BUNDLED_LANGUAGES } from '../domain/languages';
import { VISIT_STEPS } from '../session/steps';

/** What the staff window sees: the whole counter session. */
export const StaffViewSchema = z.object({
  rev: z.number().int().nonnegative(),
  terminalId: z.string(),
  customerDisplay: z.enum(['connected', 'missing']),
  visit: z
    .object({
      visitId: z.string(),
      startedAt: z.string(),
      step: z.enum(VISIT_STEPS),
      customerLanguage: z.enum(BUNDLED_LANGUAGES).nullable(),
      staffNote: z.string(),
    })
    .nullable(),
});
export type StaffView = z.infer<typeof StaffViewSchema>;

/**
 * What the customer-facing screen sees. Strict objects: the host parses every customer push with this schema
 * before it leaves, so a field added to the session by mistake fails loudly instead of reaching the resident.
 * The idle variant carries nothing at all, so a finished visit leaves no trace on the public screen.
 */
export const CustomerViewSchema = z.discriminatedUnion('mode', [
  z.strictObject({ rev: z.number().int().nonnegative(), mode: z.literal('idle') }),
  z.strictObject({
    rev: z.number().int().nonnegative(),
    mode: z.literal('visit'),
    language: z.enum(BUNDLED_LANGUAGES).nullable(),
    step: z.enum(VISIT_STEPS),
    stepIndex: z.number().int().nonnegative(),
    stepCount: z.number().int().positive(),
  }),
]);
export type CustomerView = z.infer<typeof CustomerViewSchema>;

export const HostInfoSchema = z.object({
  /** Which host the window runs on; the browser host exists only for development and tests. */
  platform: z.enum(['electron', 'browser']),
  version: z.string(),
});
export type HostInfo = z.infer<typeof HostInfoSchema>;
