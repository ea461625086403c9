import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { Role } from '../../../shared/contract';
import type { HostConnection } from '../platform/connection';

/**
 * A host projection as a TanStack Query entry: loaded from a snapshot, then kept current by host pushes.
 * Anything with a rev not newer than what is shown is dropped, so a late snapshot or a replayed push can never
 * move the screen backwards; after a transport resync the snapshot is fetched again.
 */
export function useHostView<V extends { rev: number }>(
  key: string,
  connection: HostConnection<Role>,
  load: () => Promise<V>,
  subscribe: (listener: (view: V) => void) => () => void,
): V | undefined {
  const client = useQueryClient();
  const queryKey = ['host', key];
  const newer = (current: V | undefined, incoming: V) => (current && current.rev >= incoming.rev ? current : incoming);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- queryKey is derived from key
  useEffect(() => subscribe((view) => client.setQueryData<V>(queryKey, (current) => newer(current, view))), [client, key, subscribe]);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- queryKey is derived from key
  useEffect(() => connection.onResync(() => void client.invalidateQueries({ queryKey })), [client, key, connection]);

  const query = useQuery({
    queryKey,
    queryFn: async () => newer(client.getQueryData<V>(queryKey), await load()),
    staleTime: Infinity,
    retry: true,
    retryDelay: 500,
  });
  return query.data;
}

/** Transport status for the "reconnecting" notice. */
export function useOnline(connection: HostConnection<Role>): boolean {
  const [online, setOnline] = useState(true);
  useEffect(() => connection.onStatus(setOnline), [connection]);
  return online;
}

/** A fresh idempotency key for one user action. */
export function newRequestId(): string {
  return crypto.randomUUID();
}
