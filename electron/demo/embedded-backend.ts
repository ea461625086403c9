import path from 'node:path';
import { configFromEnv } from '../../server/config';
import { openDemoBackend } from '../../server/demo/backend';
import type { BackendEndpoint } from '../core/host-root';

/**
 * With no backend URL configured, the demo runs the cloud backend itself on 127.0.0.1 — PGlite in a local
 * data directory, demo data and demo accounts — so `npm start` works on a fresh machine with zero setup.
 * With MADOGUCHI_BACKEND_URL set, the host uses that server and starts nothing.
 */
export async function resolveBackend(env: NodeJS.ProcessEnv, dataDir: string): Promise<BackendEndpoint> {
  if (env.MADOGUCHI_BACKEND_URL) return { url: env.MADOGUCHI_BACKEND_URL, embedded: false, close: async () => {} };
  // Signed audit checkpoints go beside the data directory (e.g. .data/audit-checkpoints), outside the database.
  const auditCheckpointDir = env.MADOGUCHI_AUDIT_CHECKPOINT_DIR || path.join(path.dirname(path.resolve(dataDir)), 'audit-checkpoints');
  const config = { ...configFromEnv({ ...env, DEMO: '1' }), dataDir, databaseUrl: undefined, databaseOwnerUrl: undefined, auditCheckpointDir };
  const backend = await openDemoBackend(config, { logLevel: 'warn' });
  const url = await backend.app.listen({ host: '127.0.0.1', port: Number(env.MADOGUCHI_BACKEND_PORT ?? 0) });
  return { url, embedded: true, close: () => backend.close() };
}
