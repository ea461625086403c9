// Process boundaries, enforced by lint (after Signal-Desktop's file-suffix rule, by folder instead of suffix).
//
// Every file belongs to one environment, decided by where it lives:
//   std      shared/**                              runs everywhere: no Node, no DOM-only APIs, no Electron at all
//   dom      renderer/**                            a sandboxed page: no Node built-ins, no runtime Electron
//   preload  electron/preload/**                    sandboxed preload: electron + events/timers/url only
//   main     electron/main/**                       the Electron shell: the only place Electron is imported at runtime
//   node     everything else (electron/core, electron/web-host, server, scripts)
//   test     *.test.ts anywhere, tests/** and test-support.ts: Node rules, but may import the shell modules
//            they test (which themselves only `import type` Electron, or the test could not run under Node)
//
// npm packages are classified the same way (PACKAGES below): a package that needs Node (native modules,
// sockets, servers, databases) or a page (React, fonts) is allowed only where that exists. Every dependency in
// package.json is classified; an unknown package is an error until someone decides where it may run.
//
// Layers inside the Node code (LAYERS below), so that what ships holds no demo and each part can be reused:
//   drivers (electron/core/devices/**) import nothing above them (no other electron/core module, nothing from
//   server/), and outside their sim/ folders no simulator; the host core (electron/core/**) and the Electron
//   shell never reach the demo root (electron/demo/), a simulator or the backend; the backend's production
//   modules never import its demo data (server/demo/). Composition roots choose: the demo root, the browser
//   host (never packaged), tools (the devices CLI, benches, server/cli, server/bench) and `npm run server`'s
//   entry with DEMO=1 may compose the demo.
//
// Why: the Electron binary cannot be downloaded on our machines, and `require('electron')` from plain Node
// tries to download it. Code outside the shell must run under Node and in Chromium, so it may use Electron's
// types (`import type`) but never its runtime. `import { type X } from 'electron'` counts as a runtime
// import: with verbatimModuleSyntax it still emits `import {} from 'electron'`.
import { builtinModules } from 'node:module';
import path from 'node:path';

const PRELOAD_BUILTINS = new Set(['events', 'timers', 'url']);
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function environmentOf(file) {
  if (/\.test\.tsx?$/.test(file) || file.startsWith('tests/') || /(^|\/)test-support\.ts$/.test(file)) return 'test';
  if (file.startsWith('shared/')) return 'std';
  if (file.startsWith('renderer/')) return 'dom';
  if (file.startsWith('electron/preload/')) return 'preload';
  if (file.startsWith('electron/main/')) return 'main';
  return 'node';
}

/** Which top-level area a relative import lands in, as a project-relative posix path. */
function targetOf(fromFile, source, cwd) {
  if (!source.startsWith('.')) return null;
  return path.relative(cwd, path.resolve(path.dirname(fromFile), source)).split(path.sep).join('/');
}

const FORBIDDEN_AREAS = {
  std: [/^electron\//, /^renderer\//, /^server\//, /^scripts\//],
  dom: [/^electron\//, /^server\//, /^scripts\//],
  preload: [/^electron\/(core|main|web-host|adapters)\//, /^renderer\//, /^server\//],
  main: [/^renderer\//, /^server\//],
  node: [/^electron\/main\//, /^electron\/preload\//, /^renderer\//],
  test: [],
};

function isElectron(source) {
  return source === 'electron' || source.startsWith('electron/');
}

// Where each npm package can run: std (plain JavaScript, anywhere), dom (needs a page), node (needs Node, or is
// build and test tooling). Electron itself has its own rules above.
const PACKAGES = {
  std: [
    'zod', 'i18next', 'i18next-icu', 'intl-messageformat', 'encoding-japanese', 'mrz', 'otpauth', 'receiptline',
    'utif2', 'fast-check', 'i18n-iso-countries',
  ],
  dom: [
    'react', 'react-dom', 'react-i18next', '@tanstack/react-query', '@fontsource/biz-udpgothic', '@fontsource/noto-sans',
    '@fontsource/noto-sans-devanagari', '@fontsource/noto-sans-kr', '@fontsource/noto-sans-sc',
  ],
  node: [
    // native modules and their loaders
    'node-hid', 'smartcard', 'usb', 'serialport', '@napi-rs/canvas', '@cornerstonejs/codec-openjpeg',
    // servers, sockets, databases, Buffer-based codecs
    'fastify', 'fastify-type-provider-zod', '@fastify/swagger', 'ws', 'pg', '@electric-sql/pglite', 'iconv-lite',
    // build, packaging and test tooling
    'vite', '@vitejs/plugin-react', 'esbuild', 'tsx', 'typescript', 'eslint', '@eslint/js', 'typescript-eslint',
    'eslint-plugin-react-hooks', 'globals', 'electron-builder', '@electron/asar', '@electron/fuses', 'playwright',
    'playwright-core', '@playwright/test', '@axe-core/playwright',
  ],
};
const PACKAGE_CLASS = new Map(Object.entries(PACKAGES).flatMap(([kind, names]) => names.map((name) => [name, kind])));
const PACKAGE_CLASSES_ALLOWED = {
  std: ['std'],
  dom: ['std', 'dom'],
  preload: ['std'],
  main: ['std', 'node'],
  node: ['std', 'node'],
  test: ['std', 'dom', 'node'],
};

/** The package a bare specifier names ('@scope/name/sub' → '@scope/name'), or null for a path. */
function packageOf(source) {
  if (source.startsWith('.') || source.startsWith('/')) return null;
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

const DEVICES = /^electron\/core\/devices\//;
const SIMULATOR = /^electron\/core\/devices\/(.*\/)?sim\//;
/** Tools compose what they need, like roots: the devices CLI, the benches, the backend's CLIs and benches. */
const TOOL = /^(electron\/core\/devices\/(cli|(.*\/)?bench)\.ts|server\/(cli|bench)\/.*)$/;
const BACKEND_PRODUCTION = (file) => file.startsWith('server/') && !/^server\/(demo|cli|bench)\//.test(file) && file !== 'server/main.ts';

// Layers inside the Node code. `types: true`: type-only imports count too (the layer must not know the module).
const LAYERS = [
  {
    from: (file) => DEVICES.test(file) && !TOOL.test(file),
    to: /^(electron\/core\/(?!devices\/)|electron\/(demo|main|preload|web-host)\/|server\/)/,
    types: true,
    why: 'drivers import nothing above them: take a port (see devices/port.ts, devices/log.ts) or be passed it',
  },
  {
    from: (file) => DEVICES.test(file) && !SIMULATOR.test(file) && !TOOL.test(file),
    to: SIMULATOR,
    types: false,
    why: 'simulators and test keys are the demo\'s: the demo root passes them in (DeviceSimulators)',
  },
  {
    from: (file) => file.startsWith('electron/core/') && !DEVICES.test(file),
    to: /^(electron\/demo\/|server\/)/,
    types: true,
    why: 'the host core knows no demo and no backend internals: a composition root passes them in (HostRoot)',
  },
  {
    from: (file) => (file.startsWith('electron/core/') && !DEVICES.test(file)) || file.startsWith('electron/main/'),
    to: SIMULATOR,
    types: false,
    why: 'what ships holds no simulator or test key: only the demo root composes them',
  },
  {
    from: (file) => file.startsWith('electron/main/'),
    to: /^electron\/demo\//,
    types: true,
    why: 'Electron main uses the production root; it loads the demo root\'s own bundle by path, only for npm start',
  },
  {
    from: BACKEND_PRODUCTION,
    to: /^server\/demo\//,
    types: true,
    why: 'the backend seeds nothing itself: the demo\'s seed hook is passed to openBackend by a root',
  },
];

export default {
  meta: {
    type: 'problem',
    docs: { description: 'Keep each environment to what it can load at runtime (see ARCHITECTURE.md)' },
    schema: [],
    messages: {
      electronRuntime:
        "Runtime import of '{{source}}' outside the Electron shell ({{env}}): use `import type`, or move the code to electron/main or electron/preload.",
      electronInShared: "shared/ must not depend on Electron at all, not even its types ('{{source}}').",
      nodeBuiltin: "'{{source}}' is a Node built-in, which the {{env}} environment cannot load.",
      area: "The {{env}} environment may not import '{{source}}' (it resolves into {{target}}).",
      layer: "'{{source}}' ({{target}}) may not be imported here: {{why}}.",
      packageEnv: "'{{source}}' is a {{kind}} package, which the {{env}} environment cannot load.",
      unclassifiedPackage:
        "'{{name}}' is not classified: add it to PACKAGES in .eslint/rules/process-boundary.js (std, dom or node).",
    },
  },
  create(context) {
    const cwd = context.cwd;
    const filename = context.filename;
    const file = path.relative(cwd, filename).split(path.sep).join('/');
    const env = environmentOf(file);
    const layers = env === 'test' ? [] : LAYERS.filter((layer) => layer.from(file));

    function checkPackage(node, source, typeOnly) {
      const name = packageOf(source);
      if (name === null || typeOnly || env === 'test') return;
      const kind = PACKAGE_CLASS.get(name);
      if (kind === undefined) context.report({ node, messageId: 'unclassifiedPackage', data: { name } });
      else if (!PACKAGE_CLASSES_ALLOWED[env].includes(kind)) context.report({ node, messageId: 'packageEnv', data: { source, kind, env } });
    }

    function check(node, source, typeOnly) {
      if (typeof source !== 'string') return;
      if (isElectron(source)) {
        if (env === 'std') context.report({ node, messageId: 'electronInShared', data: { source } });
        else if (!typeOnly && env !== 'main' && env !== 'preload')
          context.report({ node, messageId: 'electronRuntime', data: { source, env } });
        return;
      }
      if (!typeOnly && BUILTINS.has(source)) {
        const allowed = env === 'node' || env === 'test' || env === 'main' || (env === 'preload' && PRELOAD_BUILTINS.has(source));
        if (!allowed) context.report({ node, messageId: 'nodeBuiltin', data: { source, env } });
        return;
      }
      if (BUILTINS.has(source)) return;
      const target = targetOf(filename, source, cwd);
      if (target === null) return checkPackage(node, source, typeOnly);
      if (!typeOnly && FORBIDDEN_AREAS[env].some((pattern) => pattern.test(target))) {
        context.report({ node, messageId: 'area', data: { source, env, target } });
        return;
      }
      const layer = layers.find((candidate) => (candidate.types || !typeOnly) && candidate.to.test(target));
      if (layer) context.report({ node, messageId: 'layer', data: { source, target, why: layer.why } });
    }

    return {
      ImportDeclaration(node) {
        check(node, node.source.value, node.importKind === 'type');
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source.value, node.exportKind === 'type');
      },
      ExportAllDeclaration(node) {
        check(node, node.source.value, node.exportKind === 'type');
      },
      ImportExpression(node) {
        if (node.source.type === 'Literal') check(node, node.source.value, false);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments[0]?.type === 'Literal') {
          check(node, node.arguments[0].value, false);
        }
      },
    };
  },
};
