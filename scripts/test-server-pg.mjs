// The backend suite again, against a real PostgreSQL server: runs server/**/*.test.ts with
// MADOGUCHI_TEST_PG_OWNER_URL / MADOGUCHI_TEST_PG_APP_URL set. `npm test` (scripts/test.ts) starts Debian's
// PostgreSQL and sets them; without them (a developer machine with no server) this says so and skips.
import { spawnSync } from 'node:child_process';

if (!process.env.MADOGUCHI_TEST_PG_OWNER_URL || !process.env.MADOGUCHI_TEST_PG_APP_URL) {
  console.log('server tests on PostgreSQL: skipped (MADOGUCHI_TEST_PG_OWNER_URL / MADOGUCHI_TEST_PG_APP_URL not set; npm test sets them)');
  process.exit(0);
}
const result = spawnSync(process.execPath, ['scripts/test-unit.mjs', 'server/'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
