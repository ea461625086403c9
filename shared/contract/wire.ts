import { z } from 'zod';
import { HostErrorSchema } from './errors';

/**
 * The browser host's WebSocket framing (development and tests only). It carries exactly the contract:
 * `invoke` names a contract call, `event` a contract event; the role is fixed by the socket's URL when it
 * connects (each role's path is in the window registry, windows.ts), never by a message.
 */

export const ClientMessageSchema = z.strictObject({
  type: z.literal('invoke'),
  id: z.number().int().nonnegative(),
  channel: z.string().max(100),
  input: z.unknown(),
});
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

export const ServerMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: z.number().int().nonnegative(),
    result: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: HostErrorSchema })]),
  }),
  z.object({ type: z.literal('event'), channel: z.string(), payload: z.unknown() }),
]);
export type ServerMessage = z.infer<typeof ServerMessageSchema>;
