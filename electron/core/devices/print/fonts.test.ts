import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outsideAsar } from './fonts';

describe('print font paths in the packaged app', () => {
  it('reads a font inside app.asar from the unpacked copy beside it, on Windows and POSIX paths', () => {
    assert.equal(
      outsideAsar('C:\\Program Files\\Madoguchi\\resources\\app.asar\\node_modules\\@fontsource\\biz-udpgothic\\files'),
      'C:\\Program Files\\Madoguchi\\resources\\app.asar.unpacked\\node_modules\\@fontsource\\biz-udpgothic\\files',
    );
    assert.equal(outsideAsar('/opt/madoguchi/resources/app.asar/node_modules/x/files'), '/opt/madoguchi/resources/app.asar.unpacked/node_modules/x/files');
  });

  it('leaves every other path alone: development trees, already unpacked paths, look-alike names', () => {
    for (const file of ['/work/main/node_modules/@fontsource/biz-udpgothic/files', '/opt/m/resources/app.asar.unpacked/node_modules/x', '/opt/m/my-app.asar/x', '/opt/m/app.asarx/y']) {
      assert.equal(outsideAsar(file), file);
    }
  });
});
