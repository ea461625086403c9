/**
 * `npm test`: sets up what the tests need on this machine, then runs every step in order with that set-up in
 * its environment, stopping at the first failure with its exit code. One process, because the variables the
 * set-up makes (PostgreSQL URLs, MADOGUCHI_TEST_PCSC) would not survive an `a && b` chain of npm scripts.
 *
 * Set-up (each part is a no-op when already done, so a second run reuses what the first started):
 *   1. the Debian packages (scripts/test-setup.ts TEST_PACKAGES): installed when root on Debian (CI), otherwise
 *      the run stops at once naming the one command to run;
 *   2. the native modules those packages make work: `smartcard` compiles at `npm install`, which on a fresh
 *      machine ran before libpcsclite-dev existed, so it is rebuilt (or put back) when it does not load;
 *   3. PostgreSQL on 127.0.0.1 (scripts/ci-postgres.sh) and pcscd with the vpcd virtual reader (ci-pcscd.sh).
 *
 * `npm test -- <step>[,<step>…] [args]` runs the set-up and only those steps (args go to a single step), e.g.
 * `npm test -- e2e tests/e2e/web/moving-out.spec.ts`. Steps: see STEP_NAMES.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  SetupFailed,
  TEST_PACKAGES,
  ensureNativeModule,
  ensurePackages,
  installedPackages,
  parseExports,
  registryNodePackage,
  selectSteps,
  type StepName,
} from './test-setup';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * The Node that Electron 45 embeds is a 24.x; the registry's newest 24 release stands in for it (see the README,
 * "Node version"). The unit tests of the code that runs in Electron's main process run on it as well.
 */
const ELECTRON_NODE_VERSION = '24.22.3';

function say(line: string): void {
  process.stdout.write(`\n[npm test] ${line}\n`);
}

function run(command: string, args: readonly string[], options: SpawnSyncOptions = {}): number {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  if (result.error) throw new SetupFailed(`${command}: ${result.error.message}`, 127);
  return result.status ?? 1;
}

/** npm itself, the same one that runs this script where known. */
function npm(args: readonly string[], env: NodeJS.ProcessEnv): number {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js') ? run(process.execPath, [cli, ...args], { env }) : run('npm', args, { env });
}

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

// ── 1. Debian packages ────────────────────────────────────────────────────────────────────────────────────────

function missingPackages(): string[] {
  const names = TEST_PACKAGES.map((p) => p.name);
  // Unknown names make dpkg-query exit 1 with a note on stderr; the lines it did print still count.
  const query = spawnSync('dpkg-query', ['-W', '-f=${Package}\t${Status}\n', ...names], { encoding: 'utf8' });
  const installed = installedPackages(query.stdout ?? '');
  return names.filter((name) => !installed.has(name));
}

function setUpPackages(): void {
  ensurePackages({
    debian: has('dpkg-query') && has('apt-get'),
    root: process.getuid?.() === 0,
    missing: missingPackages,
    run: (command, args, env) => run(command, args, { env: { ...process.env, ...env } }),
    say,
  });
}

// ── 2. Native modules ─────────────────────────────────────────────────────────────────────────────────────────

/** Each native module the tests load, with a line that fails when its binary cannot be loaded. */
const NATIVE_MODULES = [
  { name: 'smartcard', check: "require('smartcard')" },
  // node-hid loads its binary lazily; asking the version loads it (and its libusb).
  { name: 'node-hid', check: "require('node-hid').getHidapiVersion()" },
];

function setUpNativeModules(env: NodeJS.ProcessEnv): void {
  for (const { name, check } of NATIVE_MODULES) {
    ensureNativeModule(name, {
      loads: () => {
        const result = spawnSync(process.execPath, ['-e', check], { cwd: root, encoding: 'utf8' });
        return { ok: result.status === 0, error: (result.stderr ?? '').trim().split('\n').slice(0, 4).join('\n') };
      },
      present: () => existsSync(path.join(root, 'node_modules', name, 'package.json')),
      npm: (args) => npm(args, env),
      say,
    });
  }
  say(`native modules: ${NATIVE_MODULES.map((m) => m.name).join(', ')} load`);
}

// ── 3. Services ───────────────────────────────────────────────────────────────────────────────────────────────

/** Runs a set-up script that prints `export NAME=value` lines; its diagnostics go to our stderr. */
function service(script: string, what: string): Record<string, string> {
  const result = spawnSync('bash', [path.join(root, 'scripts', script)], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (result.status !== 0) throw new SetupFailed(`set-up: ${what} did not start (scripts/${script} exited ${result.status})`, result.status ?? 1);
  const variables = parseExports(result.stdout);
  say(`${what}: ready (${Object.keys(variables).join(', ')})`);
  return variables;
}

function setUp(): NodeJS.ProcessEnv {
  say(`Node ${process.version}, set-up`);
  // Playwright must never download a browser (no internet at the counter or in CI): the tests drive Debian's.
  const env: NodeJS.ProcessEnv = { ...process.env, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' };
  setUpPackages();
  setUpNativeModules(env);
  Object.assign(env, service('ci-postgres.sh', 'PostgreSQL on 127.0.0.1'));
  Object.assign(env, service('ci-pcscd.sh', 'pcscd with the vpcd virtual reader'));
  return env;
}

// ── Node 24 (Electron's) ──────────────────────────────────────────────────────────────────────────────────────

/** The registry's Node 24 binary, fetched once with `npm pack` into the user's cache; null where none exists. */
function electronNode(env: NodeJS.ProcessEnv): string | null {
  const pkg = registryNodePackage(process.platform, process.arch);
  if (!pkg) return null;
  const dir = path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'madoguchi', `${pkg}-${ELECTRON_NODE_VERSION}`);
  const binary = path.join(dir, 'package', 'bin', 'node');
  if (!existsSync(binary)) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    if (npm(['pack', `${pkg}@${ELECTRON_NODE_VERSION}`, '--pack-destination', dir, '--silent'], env) !== 0) {
      throw new SetupFailed(`could not fetch ${pkg}@${ELECTRON_NODE_VERSION} from the npm registry`, 1);
    }
    const tarball = readdirSync(dir).find((name) => name.endsWith('.tgz'));
    if (!tarball || run('tar', ['-xzf', path.join(dir, tarball), '-C', dir]) !== 0) throw new SetupFailed(`could not unpack ${pkg}`, 1);
    rmSync(path.join(dir, tarball));
  }
  const version = spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${ELECTRON_NODE_VERSION}`) throw new SetupFailed(`${binary} says ${version}, not v${ELECTRON_NODE_VERSION}`, 1);
  return binary;
}

// ── Steps ─────────────────────────────────────────────────────────────────────────────────────────────────────

const STEPS: Record<StepName, { title: string; run(env: NodeJS.ProcessEnv, args: string[]): number }> = {
  lint: { title: 'ESLint', run: (env, args) => npm(['run', 'lint', '--', ...args], env) },
  typecheck: { title: 'TypeScript', run: (env) => npm(['run', 'typecheck'], env) },
  unit: { title: 'unit tests (Node ' + process.version + ')', run: (env, args) => npm(['run', 'test:unit', '--', ...args], env) },
  'unit-electron-node': {
    title: `unit tests of the host core and shared code on Node ${ELECTRON_NODE_VERSION} (Electron 45's Node line)`,
    run: (env, args) => {
      const binary = electronNode(env);
      if (!binary) {
        say(`skipped: the npm registry has no Node ${ELECTRON_NODE_VERSION} binary for ${process.platform}-${process.arch}`);
        return 0;
      }
      // Its folder first on PATH, so a test that starts `node` gets the same one.
      const onPath = { ...env, PATH: `${path.dirname(binary)}${path.delimiter}${env.PATH ?? ''}` };
      return run(binary, ['scripts/test-unit.mjs', ...(args.length > 0 ? args : ['electron/', 'shared/'])], { env: onPath });
    },
  },
  'server-pg': { title: 'backend suite on PostgreSQL', run: (env) => npm(['run', 'test:server:pg'], env) },
  e2e: { title: 'build, then end-to-end (Playwright, Debian Chromium)', run: (env, args) => npm(['run', 'test:e2e', '--', ...args], env) },
  package: { title: 'packaging check', run: (env) => npm(['run', 'test:package'], env) },
};

function main(): number {
  let selection: ReturnType<typeof selectSteps>;
  try {
    selection = selectSteps(process.argv.slice(2));
  } catch (error) {
    throw new SetupFailed((error as Error).message, 2);
  }
  const env = setUp();
  const started = Date.now();
  for (const name of selection.steps) {
    const step = STEPS[name];
    say(`${name}: ${step.title}`);
    const status = step.run(env, selection.args);
    if (status !== 0) {
      say(`${name} failed (exit ${status}); later steps not run`);
      return status;
    }
  }
  say(`${selection.steps.length} of ${selection.steps.length} steps passed in ${Math.round((Date.now() - started) / 1000)} s`);
  return 0;
}

try {
  process.exitCode = main();
} catch (error) {
  if (!(error instanceof SetupFailed)) throw error;
  process.stderr.write(`\n[npm test] ${error.message}\n`);
  process.exitCode = error.exitCode;
}
