import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

/** A free port on 127.0.0.1 (bound and released), so the test never collides with a running app. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('npm start without an Electron binary', () => {
  it('prints the one-line fallback, serves both screens from the browser host and starts the embedded backend', { timeout: 120_000 }, async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      env: { ...process.env, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'madoguchi-start-')), MADOGUCHI_BACKEND_URL: '', MADOGUCHI_PORT: String(port), MADOGUCHI_NO_ELECTRON_DOWNLOAD: '1', MADOGUCHI_ELECTRON_PATH: '/nonexistent/electron' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URLs printed:\n${output}`)), 110_000);
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes('Backend:')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.once('exit', (code) => reject(new Error(`start exited with ${code}:\n${output}`)));
      });
      const fallbackLines = output.split('\n').filter((line) => line.startsWith('Electron binary not available'));
      assert.equal(fallbackLines.length, 1);
      for (const screen of ['staff', 'customer']) {
        const url = `http://127.0.0.1:${port}/${screen}.html`;
        assert.ok(output.includes(url), `prints ${url}`);
        const response = await fetch(url);
        assert.equal(response.status, 200);
        assert.match(await response.text(), /<div id="root"><\/div>/);
      }
      const backendUrl = /Backend: +(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1];
      assert.ok(backendUrl, 'prints the embedded backend URL');
      const health = (await (await fetch(`${backendUrl}/healthz`)).json()) as { ok: boolean; database: string };
      assert.deepEqual(health, { ok: true, database: 'pglite' });
    } finally {
      child.kill('SIGTERM');
    }
  });
});
