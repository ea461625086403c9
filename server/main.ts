/** `npm run server`: the cloud backend (env: PORT, HOST, DATA_DIR, DATABASE_URL, DATABASE_OWNER_URL, DEMO=1). */
import { openBackend, type Backend } from './backend';
import { configFromEnv } from './config';

const config = configFromEnv(process.env);
// This entry is a composition root: with DEMO=1 it composes the demo backend, loaded only then, so a production
// server never loads the demo's accounts and residents.
const backend: Backend = config.demo ? await (await import('./demo/backend')).openDemoBackend(config) : await openBackend(config);
const address = await backend.app.listen({ port: config.port, host: config.host });
process.stdout.write(`Madoguchi backend on ${address} (${backend.db.kind}${config.demo ? ', demo data' : ''}); API description at ${address}/openapi.json\n`);

const stop = () => void backend.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
