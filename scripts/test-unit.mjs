// Runs every unit test (*.test.ts beside the code it tests, and tests/unit/**) with Node's own test runner,
// TypeScript loaded by tsx. Node 20 has no --test glob, so the files are listed here.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const roots = ['shared', 'electron', 'renderer', 'server', 'scripts', 'tests/unit'];
const skip = new Set(['node_modules', 'out', 'fixtures']);
const only = process.argv.slice(2);

function* walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    if (skip.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (/\.test\.tsx?$/.test(entry.name)) yield full;
  }
}

const files = roots.flatMap((root) => [...walk(root)]).filter((file) => only.length === 0 || only.some((word) => file.includes(word)));
if (files.length === 0) {
  console.error('no unit test files found');
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  stdio: 'inherit',
  env: { ...process.env, TZ: 'Asia/Tokyo' },
});
process.exit(result.status ?? 1);
