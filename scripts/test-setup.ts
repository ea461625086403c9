/**
 * What `npm test` needs from the machine, and the decisions about it, as plain functions (the runner,
 * scripts/test.ts, does the I/O; scripts/test-setup.test.ts checks every decision without touching the machine).
 */

/** The Debian packages the tests need, each with the reason (also the README's list). */
export const TEST_PACKAGES: readonly { name: string; why: string }[] = [
  { name: 'chromium', why: 'end-to-end tests: Playwright drives /usr/bin/chromium (it never downloads a browser)' },
  { name: 'fonts-noto-cjk', why: 'Japanese, Chinese and Hangul render as text, not boxes' },
  { name: 'fonts-noto-core', why: 'Vietnamese, Devanagari and the other scripts render as text' },
  { name: 'postgresql', why: 'the backend suite runs again on a real PostgreSQL server' },
  { name: 'poppler-utils', why: 'pdftotext reads the text of the guide PDF in the end-to-end tests' },
  { name: 'pcscd', why: 'the real PC/SC stack: the card tests go through it' },
  { name: 'vsmartcard-vpcd', why: "the virtual reader the card tests put their virtual cards on" },
  { name: 'libpcsclite-dev', why: '`smartcard` (the PC/SC binding) compiles against it' },
  { name: 'g++', why: '`smartcard` compiles with node-gyp' },
  { name: 'make', why: '`smartcard` compiles with node-gyp' },
  { name: 'python3', why: 'node-gyp runs on it' },
  { name: 'libusb-1.0-0', why: "node-hid's prebuilt binary links it" },
];

/** Names whose `dpkg-query -W -f='${Package}\t${Status}\n'` line says installed. */
export function installedPackages(dpkgQueryOutput: string): Set<string> {
  const installed = new Set<string>();
  for (const line of dpkgQueryOutput.split('\n')) {
    const [name, status] = line.split('\t');
    // "install ok installed"; a removed package keeps a line like "deinstall ok config-files".
    if (name && status?.trim().endsWith(' installed') && status.startsWith('install ')) installed.add(name.trim());
  }
  return installed;
}

export interface Machine {
  /** dpkg-query and apt-get exist (Debian or a derivative). */
  debian: boolean;
  root: boolean;
  missing: readonly string[];
}

export type PackagePlan =
  | { kind: 'ready' }
  /** Root on Debian, as CI is: `apt-get update` once, then install these. */
  | { kind: 'install'; packages: string[] }
  /** Cannot install here: stop at once with a message naming the one command to run. */
  | { kind: 'stop'; message: string };

export function planPackages(machine: Machine): PackagePlan {
  if (machine.missing.length === 0) return { kind: 'ready' };
  const packages = [...machine.missing];
  if (machine.debian && machine.root) return { kind: 'install', packages };
  if (machine.debian) {
    return {
      kind: 'stop',
      message:
        `npm test needs these Debian packages, missing here: ${packages.join(' ')}.\n` +
        `Install them once (as root), then run npm test again:\n\n  ${installCommandLine(packages)}\n`,
    };
  }
  return {
    kind: 'stop',
    message:
      `npm test sets itself up on Debian (as CI does); this machine has no dpkg-query/apt-get.\n` +
      `It needs: ${TEST_PACKAGES.map((p) => `${p.name} (${p.why})`).join('; ')}.\n`,
  };
}

/** The one line a person without root runs. */
export function installCommandLine(packages: readonly string[]): string {
  return `sudo sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${packages.join(' ')}'`;
}

/** `export NAME=value` lines (what scripts/ci-postgres.sh and ci-pcscd.sh print) as variables for the steps. */
export function parseExports(output: string): Record<string, string> {
  const variables: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const match = /^export ([A-Z_][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (match) variables[match[1]!] = match[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return variables;
}

/** A native module that does not load: rebuild it when npm kept it, reinstall (lockfile) when npm dropped it. */
export type NativeRepair = { kind: 'rebuild'; args: string[] } | { kind: 'reinstall'; args: string[] };

export function planNativeRepair(name: string, packagePresent: boolean): NativeRepair {
  // An optional dependency whose build failed at `npm install` (no libpcsclite-dev yet on a fresh machine) is
  // removed from node_modules; a plain `npm install` then puts it back from the lockfile and builds it.
  return packagePresent ? { kind: 'rebuild', args: ['rebuild', name] } : { kind: 'reinstall', args: ['install', '--no-audit', '--no-fund'] };
}

/** Why a set-up part could not finish, with the exit code `npm test` ends with. */
export class SetupFailed extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** What the package set-up does to the machine (the runner's real one; fakes in the tests). */
export interface PackagePort {
  debian: boolean;
  root: boolean;
  /** The TEST_PACKAGES names not installed now. */
  missing(): string[];
  /** Runs a command (output to the console) and answers its exit status. */
  run(command: string, args: readonly string[], env: Record<string, string>): number;
  say(line: string): void;
}

/** Makes every test package present, or throws SetupFailed (with the one command to run where it may not). */
export function ensurePackages(port: PackagePort): void {
  const plan = planPackages({ debian: port.debian, root: port.root, missing: port.debian ? port.missing() : TEST_PACKAGES.map((p) => p.name) });
  if (plan.kind === 'ready') {
    port.say(`Debian packages: all ${TEST_PACKAGES.length} present`);
    return;
  }
  if (plan.kind === 'stop') throw new SetupFailed(plan.message, 1);
  port.say(`Debian packages: installing ${plan.packages.join(' ')}`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if (port.run('apt-get', ['update', '-qq'], env) !== 0) throw new SetupFailed('set-up: apt-get update failed', 1);
  const status = port.run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...plan.packages], env);
  const still = port.missing();
  if (status !== 0 || still.length > 0) throw new SetupFailed(`set-up: apt-get install failed (exit ${status}; missing: ${still.join(' ') || 'none'})`, status || 1);
}

/** What the native-module set-up needs (the runner's real one; fakes in the tests). */
export interface NativePort {
  /** Whether the module's binary loads, with the error when not. */
  loads(name: string): { ok: boolean; error: string };
  present(name: string): boolean;
  npm(args: readonly string[]): number;
  say(line: string): void;
}

/** Makes the native module load (rebuilding or reinstalling it once), or throws SetupFailed. */
export function ensureNativeModule(name: string, port: NativePort): void {
  if (port.loads(name).ok) return;
  const repair = planNativeRepair(name, port.present(name));
  port.say(`${name} does not load: npm ${repair.args.join(' ')}`);
  port.npm(repair.args);
  const after = port.loads(name);
  if (!after.ok) throw new SetupFailed(`set-up: ${name} still does not load after npm ${repair.args.join(' ')}:\n${after.error}`, 1);
}

/** The steps of `npm test`, in order. */
export const STEP_NAMES = ['lint', 'typecheck', 'unit', 'unit-electron-node', 'server-pg', 'e2e', 'package'] as const;
export type StepName = (typeof STEP_NAMES)[number];

export interface Selection {
  steps: StepName[];
  /** Extra arguments for the single selected step (e.g. an e2e spec file). */
  args: string[];
}

/**
 * `npm test` runs every step; `npm test -- e2e tests/e2e/web/x.spec.ts` runs the set-up and then only the named
 * step(s) (comma-separated), passing the rest of the arguments to the one step.
 */
export function selectSteps(argv: readonly string[]): Selection {
  if (argv.length === 0) return { steps: [...STEP_NAMES], args: [] };
  const [first, ...args] = argv as [string, ...string[]];
  const names = first.split(',');
  const unknown = names.filter((name) => !(STEP_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`unknown step ${unknown.join(', ')}: the steps are ${STEP_NAMES.join(', ')}`);
  if (args.length > 0 && names.length > 1) throw new Error('arguments can go to one step only');
  // Keep the suite's order whatever order they were named in.
  return { steps: STEP_NAMES.filter((name) => names.includes(name)), args };
}

/**
 * The registry package holding a Node binary for this platform (the `node` package installs these), or null
 * where the registry has none for the version (then the step says it skipped and why).
 */
export function registryNodePackage(platform: string, arch: string): string | null {
  if (platform === 'linux' && (arch === 'x64' || arch === 'arm64')) return `node-linux-${arch}`;
  return null;
}
