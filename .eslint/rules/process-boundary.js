// Process boundaries, enforced by lint (after Signal-Desktop's file-suffix rule, by folder instead of suffix).
//
// Every file belongs to one environment, decided by where it lives:
//   std      shared/**                              runs everywhere: no Node, no DOM-only APIs, no Electron at all
//   dom      renderer/**                            a sandboxed page: no Node built-ins, no runtime Electron
//   preload  electron/preload/**                    sandboxed preload: electron + events/timers/url only
//   main     electron/main/**                       the Electron shell: the only place Electron is imported at runtime
//   node     everything else (electron/core, electron/web-host, server, scripts)
//   test     *.test.ts anywhere and tests/**: Node rules, but may import the shell modules they test (which
//            themselves only `import type` Electron, or the test could not run under Node)
//
// Why: the Electron binary cannot be downloaded on our machines, and `require('electron')` from plain Node
// tries to download it. Code outside the shell must run under Node and in Chromium, so it may use Electron's
// types (`import type`) but never its runtime. `import { type X } from 'electron'` counts as a runtime
// import: with verbatimModuleSyntax it still emits `import {} from 'electron'`.
import { builtinModules } from 'node:module';
import path from 'node:path';

const PRELOAD_BUILTINS = new Set(['events', 'timers', 'url']);
const BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

function environmentOf(relativeFile) {
  const file = relativeFile.split(path.sep).join('/');
  if (/\.test\.tsx?$/.test(file) || file.startsWith('tests/')) return 'test';
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
    },
  },
  create(context) {
    const cwd = context.cwd;
    const filename = context.filename;
    const env = environmentOf(path.relative(cwd, filename));

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
      const target = targetOf(filename, source, cwd);
      if (target && !typeOnly && FORBIDDEN_AREAS[env].some((pattern) => pattern.test(target))) {
        context.report({ node, messageId: 'area', data: { source, env, target } });
      }
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
