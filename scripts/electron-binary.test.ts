import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { findElectronBinary } from './electron-binary';

function fakeElectronPackage(withBinary: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'electron-pkg-'));
  writeFileSync(path.join(dir, 'path.txt'), 'electron');
  if (withBinary) {
    mkdirSync(path.join(dir, 'dist'));
    writeFileSync(path.join(dir, 'dist', 'electron'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'dist', 'electron'), 0o755);
  }
  return dir;
}

describe('findElectronBinary', () => {
  it('is null when the package has no downloaded binary (our machines)', () => {
    assert.equal(findElectronBinary({}, fakeElectronPackage(false)), null);
  });

  it('finds the binary the package downloaded', () => {
    const dir = fakeElectronPackage(true);
    assert.equal(findElectronBinary({}, dir), path.join(dir, 'dist', 'electron'));
  });

  it('prefers MADOGUCHI_ELECTRON_PATH, and is null when that path does not exist', () => {
    const dir = fakeElectronPackage(true);
    const given = path.join(fakeElectronPackage(true), 'dist', 'electron');
    assert.equal(findElectronBinary({ MADOGUCHI_ELECTRON_PATH: given }, dir), given);
    assert.equal(findElectronBinary({ MADOGUCHI_ELECTRON_PATH: '/nonexistent/electron' }, dir), null);
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const overrideDir = path.join(fakeElectronPackage(true), 'dist');
    assert.equal(findElectronBinary({ ELECTRON_OVERRIDE_DIST_PATH: overrideDir }, fakeElectronPackage(false)), path.join(overrideDir, 'electron'));
  });
});
