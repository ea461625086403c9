import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import { rendererPages } from './shared/contract/windows';

/**
 * Renderer build: one HTML entry per window and per printed page, from the window registry. Relative base so the same output works from the Electron
 * app:// protocol and from the browser host. No inline scripts or styles, so the strict CSP holds.
 */
export default defineConfig({
  root: resolve(import.meta.dirname, 'renderer'),
  base: './',
  // Static files copied as-is (icons, later the bundled BIZ UD fonts): the counter network has no internet.
  publicDir: resolve(import.meta.dirname, 'resources/public'),
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome130',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: Object.fromEntries(
        Object.entries(rendererPages()).map(([name, page]) => [name, resolve(import.meta.dirname, 'renderer', page)]),
      ),
    },
  },
});
