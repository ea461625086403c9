import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contentSecurityPolicy, resolveStaticPath, serveStatic } from './static-files';

let base: string;
let root: string;

before(() => {
  // base/renderer is the served root; base/secret.js and base/etc/passwd sit next to it, outside.
  base = mkdtempSync(path.join(tmpdir(), 'madoguchi-static-'));
  root = path.join(base, 'renderer');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'staff.html'), '<!doctype html><title>staff</title>');
  writeFileSync(path.join(root, 'customer.html'), '<!doctype html><title>customer</title>');
  writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log("app");');
  writeFileSync(path.join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(path.join(root, 'assets', 'font.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(path.join(root, 'assets', 'notes.txt'), 'not served');
  writeFileSync(path.join(base, 'secret.js'), 'outside the root');
  mkdirSync(path.join(base, 'etc'));
  writeFileSync(path.join(base, 'etc', 'passwd'), 'root:x:0:0');
});

after(() => rmSync(base, { recursive: true, force: true }));

function isInsideRoot(file: string): boolean {
  const relative = path.relative(root, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

describe('resolveStaticPath', () => {
  it("maps '/' to the staff page", () => {
    assert.deepEqual(resolveStaticPath(root, '/'), { file: path.join(root, 'staff.html'), type: 'text/html; charset=utf-8' });
  });

  it('resolves files under the root with their content type', () => {
    const cases: [string, string, string][] = [
      ['/staff.html', 'staff.html', 'text/html; charset=utf-8'],
      ['/customer.html', 'customer.html', 'text/html; charset=utf-8'],
      ['/assets/app.js', 'assets/app.js', 'text/javascript; charset=utf-8'],
      ['/assets/app.css', 'assets/app.css', 'text/css; charset=utf-8'],
      ['/assets/font.woff2', 'assets/font.woff2', 'font/woff2'],
      ['/assets/logo.SVG', 'assets/logo.SVG', 'image/svg+xml'],
      ['/assets/%E7%AA%93%E5%8F%A3.png', 'assets/窓口.png', 'image/png'],
    ];
    for (const [urlPath, relative, type] of cases) {
      assert.deepEqual(resolveStaticPath(root, urlPath), { file: path.join(root, relative), type }, urlPath);
    }
  });

  it('rejects plain .. traversal', () => {
    for (const urlPath of ['../secret.js', '/../secret.js', '/assets/../../secret.js', '/assets/../../x.js']) {
      assert.equal(resolveStaticPath(root, urlPath), null, urlPath);
    }
  });

  it('rejects percent-encoded dots', () => {
    for (const urlPath of ['/%2e%2e/etc/passwd', '/%2E%2E/secret.js', '/assets/%2e%2e/%2e%2e/secret.js', '/.%2e/staff.html']) {
      assert.equal(resolveStaticPath(root, urlPath), null, urlPath);
    }
  });

  it('rejects percent-encoded slashes', () => {
    for (const urlPath of ['/..%2fsecret.js', '/..%2Fsecret.js', '/assets%2f..%2f..%2fsecret.js']) {
      assert.equal(resolveStaticPath(root, urlPath), null, urlPath);
    }
  });

  it('never resolves to a file outside the root, whatever the path', () => {
    const attempts = [
      '/../secret.js',
      '/..%2fsecret.js',
      '/%2e%2e/secret.js',
      '/%2e%2e%2fsecret.js',
      '/assets/../../secret.js',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.js',
      '/../renderer-other/x.js',
      `/${'../'.repeat(20)}etc/passwd`,
      '//secret.js',
    ];
    for (const urlPath of attempts) {
      const resolved = resolveStaticPath(root, urlPath);
      if (resolved) assert.ok(isInsideRoot(resolved.file), `${urlPath} -> ${resolved.file}`);
    }
  });

  it('rejects backslashes, raw and encoded', () => {
    for (const urlPath of ['/..\\secret.js', '/assets\\app.js', '/..%5csecret.js', '/assets%5Capp.js']) {
      assert.equal(resolveStaticPath(root, urlPath), null, urlPath);
    }
  });

  it('rejects NUL, raw and encoded', () => {
    for (const urlPath of ['/staff.html%00', '/staff.html%00.js', '/assets/app.js\0.html']) {
      assert.equal(resolveStaticPath(root, urlPath), null, JSON.stringify(urlPath));
    }
  });

  it('rejects malformed percent-encoding without throwing', () => {
    for (const urlPath of ['/%', '/%zz.js', '/staff%2.html', '/%E7%AA.html', '/%C0%AE%C0%AE/secret.js']) {
      assert.equal(resolveStaticPath(root, urlPath), null, urlPath);
    }
  });

  it('rejects files without a known type', () => {
    for (const urlPath of ['/assets/notes.txt', '/assets/app.exe', '/staff.html.bak', '/assets', '/Makefile', '/.env']) {
      assert.equal(resolveStaticPath(root, urlPath), null, urlPath);
    }
  });
});

describe('serveStatic', () => {
  const csp = "default-src 'none'; script-src 'self'";

  it('serves a file with 200, its type and the security headers', async () => {
    const response = await serveStatic(root, '/assets/app.js', csp);
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(response.headers['content-security-policy'], csp);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.equal(String(response.body), 'console.log("app");');
  });

  it("serves the staff page for '/'", async () => {
    const response = await serveStatic(root, '/', csp);
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.equal(String(response.body), '<!doctype html><title>staff</title>');
  });

  it('passes whichever CSP it is given through unchanged', async () => {
    const other = contentSecurityPolicy(['ws://127.0.0.1:5174']);
    const response = await serveStatic(root, '/customer.html', other);
    assert.equal(response.headers['content-security-policy'], other);
  });

  it('answers 404 for a missing file, still with the security headers', async () => {
    const response = await serveStatic(root, '/assets/missing.js', csp);
    assert.equal(response.status, 404);
    assert.equal(response.headers['content-security-policy'], csp);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.ok(!String(response.body).includes('missing.js'));
  });

  it('answers 404 for a rejected path, still with the security headers, and never the outside file', async () => {
    for (const urlPath of ['/../secret.js', '/..%2fsecret.js', '/%2e%2e/etc/passwd', '/assets/notes.txt', '/%']) {
      const response = await serveStatic(root, urlPath, csp);
      assert.equal(response.status, 404, urlPath);
      assert.equal(response.headers['content-security-policy'], csp, urlPath);
      assert.equal(response.headers['x-content-type-options'], 'nosniff', urlPath);
      assert.ok(!String(response.body).includes('outside the root'), urlPath);
      assert.ok(!String(response.body).includes('root:x'), urlPath);
    }
  });
});

describe('contentSecurityPolicy', () => {
  function directives(policy: string): Map<string, string[]> {
    const map = new Map<string, string[]>();
    for (const part of policy.split(';')) {
      const [name, ...values] = part.trim().split(/\s+/);
      if (!name) continue;
      assert.equal(map.has(name), false, `duplicate directive ${name}`);
      map.set(name, values);
    }
    return map;
  }

  it("denies everything by default: default-src 'none'", () => {
    assert.deepEqual(directives(contentSecurityPolicy()).get('default-src'), ["'none'"]);
  });

  it("allows scripts from the app's own origin only", () => {
    assert.deepEqual(directives(contentSecurityPolicy()).get('script-src'), ["'self'"]);
  });

  it('allows no inline or eval-ed code anywhere', () => {
    for (const policy of [contentSecurityPolicy(), contentSecurityPolicy(['ws://127.0.0.1:5174'])]) {
      for (const unsafe of ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*']) {
        for (const [name, values] of directives(policy)) assert.ok(!values.includes(unsafe), `${name} ${unsafe}`);
      }
      assert.ok(!policy.includes('unsafe-'), policy);
    }
  });

  it('limits connect-src to self, plus the origins given', () => {
    assert.deepEqual(directives(contentSecurityPolicy()).get('connect-src'), ["'self'"]);
    const extra = ['ws://127.0.0.1:5174', 'ws://localhost:5174'];
    const connect = directives(contentSecurityPolicy(extra)).get('connect-src') ?? [];
    assert.ok(connect.includes("'self'"));
    for (const origin of extra) assert.ok(connect.includes(origin), origin);
    assert.equal(connect.length, 1 + extra.length);
  });

  it('adds the extra origins to connect-src only', () => {
    const policy = directives(contentSecurityPolicy(['ws://127.0.0.1:5174']));
    for (const [name, values] of policy) {
      if (name !== 'connect-src') assert.ok(!values.includes('ws://127.0.0.1:5174'), name);
    }
  });

  it('forbids plugins, framing, base-tag and form hijacking', () => {
    const policy = directives(contentSecurityPolicy());
    for (const name of ['object-src', 'frame-ancestors', 'base-uri', 'form-action']) {
      assert.deepEqual(policy.get(name), ["'none'"], name);
    }
  });
});
