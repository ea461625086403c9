import { invokeNamesFor, type HostApi, type RawHostApi, type Role } from './contract';
import { HostCallError, type HostResult } from './errors';

/** Wraps a transport's envelope-returning API into the throwing, typed API the renderer code uses. */
export function toHostApi<R extends Role>(raw: RawHostApi<R>): HostApi<R> {
  const call: Record<string, (input: unknown) => Promise<unknown>> = {};
  const rawCalls = raw.call as unknown as Record<string, (input: unknown) => Promise<HostResult<unknown>>>;
  for (const name of invokeNamesFor(raw.role)) {
    const method = rawCalls[name];
    if (!method) continue;
    call[name] = async (input) => {
      const result = await method(input);
      if (result.ok) return result.value;
      throw new HostCallError(result.error);
    };
  }
  return { role: raw.role, call, on: raw.on } as unknown as HostApi<R>;
}
