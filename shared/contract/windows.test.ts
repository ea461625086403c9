import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import viteConfig from '../../vite.config';
import { ROLES } from './contract';
import { PRINT_PAGES, WINDOWS, rendererPages } from './windows';

/**
 * The window registry is the one list of windows: these tests check that what is derived from it agrees with
 * it (pages, the renderer build's inputs, page roles) and that no other source names a window on its own.
 * That each registered role gets its preload bundle is checked on the built app (tests/packaging), which
 * lists out/preload against the registry.
 */

const root = path.resolve(import.meta.dirname, '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** The module script an HTML page loads, e.g. renderer/src/staff/main.tsx. */
function entryScript(page: string): string {
  const src = /<script type="module" src="\.\/([^"]+)"/.exec(read(`renderer/${page}`))?.[1];
  assert.ok(src, `renderer/${page} loads no module script`);
  return `renderer/${src}`;
}

const allPages = [
  ...Object.entries(WINDOWS).map(([role, window]) => ({ id: role, page: window.page, role })),
  ...Object.entries(PRINT_PAGES).map(([id, print]) => ({ id, page: print.page, role: print.role })),
];

describe('the window registry', () => {
  it('gives every contract role a window, and every window a role', () => {
    assert.deepEqual([...ROLES].sort(), Object.keys(WINDOWS).sort());
  });

  it('names each page, preload bundle and socket path once', () => {
    for (const field of ['preload', 'socketPath', 'title'] as const) {
      const values = Object.values(WINDOWS).map((window) => window[field]);
      assert.equal(new Set(values).size, values.length, `two windows share a ${field}`);
    }
    const pages = allPages.map((entry) => entry.page);
    assert.equal(new Set(pages).size, pages.length, 'two entries share a page');
  });

  it('each page exists under renderer/ and connects as the role the registry gives it', () => {
    for (const { page, role } of allPages) {
      const script = read(entryScript(page));
      const roles = [...script.matchAll(/connectHost\('(\w+)'\)/g)].map((match) => match[1]);
      assert.deepEqual(roles, [role], `${page} must connect as ${role}`);
    }
  });

  it('each printed page has the root element the PDF renderers wait for (data-testid = its id)', () => {
    for (const [id, print] of Object.entries(PRINT_PAGES)) {
      const dir = path.dirname(entryScript(print.page));
      const sources = readdirSync(path.join(root, dir)).filter((file) => /\.tsx?$/.test(file) && !file.includes('.test.'));
      assert.ok(
        sources.some((file) => read(path.join(dir, file)).includes(`data-testid="${id}"`)),
        `${dir} has no element with data-testid="${id}"`,
      );
    }
  });

  it('every HTML page under renderer/ is in the registry', () => {
    const html = readdirSync(path.join(root, 'renderer')).filter((file) => file.endsWith('.html'));
    assert.deepEqual(html.sort(), Object.values(rendererPages()).sort());
  });

  it('the renderer build takes exactly the registry pages as its inputs', () => {
    const input = viteConfig.build?.rollupOptions?.input as Record<string, string>;
    const expected = Object.fromEntries(Object.entries(rendererPages()).map(([name, page]) => [name, path.join(root, 'renderer', page)]));
    assert.deepEqual(input, expected);
  });
});

/** Production sources (tests excluded: they may name the URLs they open). */
function* sources(dir: string): Generator<string> {
  for (const name of readdirSync(path.join(root, dir))) {
    const file = path.posix.join(dir, name);
    if (name === 'node_modules' || name === 'fixtures') continue;
    if (statSync(path.join(root, file)).isDirectory()) yield* sources(file);
    else if (/\.(ts|tsx|js|mjs|cjs|yml)$/.test(name) && !/\.test\.tsx?$/.test(name)) yield file;
  }
}

describe('nothing outside the registry lists windows', () => {
  it('no production source names a window page, a socket path or a preload bundle', () => {
    const names = [
      ...allPages.map((entry) => entry.page),
      ...Object.values(WINDOWS).map((window) => window.socketPath),
      ...Object.values(WINDOWS).map((window) => `${window.preload}.cjs`),
      ...Object.values(WINDOWS).map((window) => `preload/${window.preload}`),
    ];
    const files = ['vite.config.ts', ...['shared', 'electron', 'renderer', 'server', 'scripts', 'build'].flatMap((dir) => [...sources(dir)])];
    assert.ok(files.includes('electron/main/main.ts') && files.includes('scripts/build.mjs'), 'the scan reaches the sources');
    const offenders = files
      .filter((file) => file !== 'shared/contract/windows.ts')
      .flatMap((file) => names.filter((name) => read(file).includes(name)).map((name) => `${file}: ${name}`));
    assert.deepEqual(offenders, []);
  });
});
