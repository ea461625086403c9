import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

/**
 * The README's run command on a fresh clone: the repository's HEAD cloned into a temporary folder (no `.data/`,
 * no `out/`, nothing a developer made by hand), the installed node_modules linked in, then `npm start` exactly as
 * a new user types it. The first run once died here (PGlite's data directory had no parent folder); a test in the
 * working tree could not see it, because that tree already had its `.data/` and `out/`.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A free port on 127.0.0.1 (bound and released), so the test never collides with a running app. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function git(cwd: string, ...args: string[]): string {
  const run = spawnSync('git', args, { cwd, encoding: 'utf8' });
  assert.equal(run.status, 0, `git ${args.join(' ')}: ${run.stderr}`);
  return run.stdout.trim();
}

/** Clones HEAD (committed work only, as CI sees it) beside no build output and no data, with node_modules linked. */
function freshClone(): string {
  const head = git(root, 'rev-parse', 'HEAD');
  const clone = mkdtempSync(path.join(tmpdir(), 'madoguchi-fresh-clone-'));
  git(tmpdir(), 'clone', '--quiet', '--shared', '--no-checkout', root, clone);
  git(clone, 'checkout', '--quiet', '--detach', head);
  assert.ok(!existsSync(path.join(clone, '.data')) && !existsSync(path.join(clone, 'out')), 'the clone starts without .data/ and out/');
  symlinkSync(path.join(root, 'node_modules'), path.join(clone, 'node_modules'), 'dir');
  return clone;
}

/** Ends `npm start` and everything it started (npm → tsx → the browser host): the whole process group. */
async function stopGroup(child: ReturnType<typeof spawn>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // the group is already gone
    }
  };
  signal('SIGTERM');
  const killer = setTimeout(() => signal('SIGKILL'), 10_000);
  await exited;
  clearTimeout(killer);
  signal('SIGKILL'); // grandchildren that outlived their parent
}

describe('the README run command on a fresh clone', () => {
  it('npm start builds, prints the one-line fallback, serves both screens and starts the embedded backend', { timeout: 300_000 }, async () => {
    const clone = freshClone();
    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, MADOGUCHI_PORT: String(port), MADOGUCHI_NO_ELECTRON_DOWNLOAD: '1', MADOGUCHI_ELECTRON_PATH: '/nonexistent/electron' };
    // The defaults a new user has: the embedded backend in the clone's own `.data/pglite`, no device settings.
    for (const name of ['MADOGUCHI_BACKEND_URL', 'MADOGUCHI_BACKEND_PORT', 'DATA_DIR', 'MADOGUCHI_DEVICES', 'MADOGUCHI_RENDERER_ROOT']) delete env[name];
    // detached: its own process group, so the end of the test ends npm and every process under it.
    const child = spawn('npm', ['start'], { cwd: clone, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no backend URL printed within 240 s:\n${output}`)), 240_000);
        const check = () => {
          if (!output.includes('Backend:')) return;
          clearTimeout(timer);
          resolve();
        };
        child.stdout!.on('data', check);
        child.once('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`npm start exited with ${code}:\n${output}`));
        });
      });
      const fallbackLines = output.split('\n').filter((line) => line.startsWith('Electron binary not available'));
      assert.equal(fallbackLines.length, 1, output);
      for (const screen of ['staff', 'customer']) {
        const url = `http://127.0.0.1:${port}/${screen}.html`;
        assert.ok(output.includes(url), `prints ${url}`);
        const response = await fetch(url);
        assert.equal(response.status, 200);
        assert.match(await response.text(), /<div id="root"><\/div>/);
      }
      const backend = /Backend: +(http:\/\/127\.0\.0\.1:\d+) \(embedded PGlite in (.+), demo data\)/.exec(output);
      assert.ok(backend, `prints the embedded backend URL:\n${output}`);
      assert.equal(backend[2], path.join(clone, '.data', 'pglite'), 'the default data directory, inside the clone');
      assert.ok(existsSync(path.join(clone, '.data', 'pglite', 'PG_VERSION')), 'the database lives in .data/pglite');
      const health = (await (await fetch(`${backend[1]}/healthz`)).json()) as { ok: boolean; database: string };
      assert.deepEqual(health, { ok: true, database: 'pglite' });
    } finally {
      await stopGroup(child);
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
