import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Role } from '../../shared/contract';
import { electronPdfRenderer, type PdfWindow } from './pdf';

/** A hidden window that records what the renderer did with it. */
function fakeWindow(options: { failLoad?: boolean; pdf?: Buffer } = {}) {
  const calls: string[] = [];
  const window: PdfWindow & { calls: string[]; printOptions?: unknown } = {
    calls,
    webContents: {
      executeJavaScript: (async (code: string) => {
        calls.push(`wait:${code.includes('[data-testid="guide"]') && code.includes('document.fonts.ready')}`);
      }) as PdfWindow['webContents']['executeJavaScript'],
      printToPDF: (async (printOptions: unknown) => {
        window.printOptions = printOptions;
        calls.push('print');
        return options.pdf ?? Buffer.from('%PDF-1.7 fake');
      }) as PdfWindow['webContents']['printToPDF'],
    },
    loadURL: async (url: string) => {
      calls.push(`load:${url}`);
      if (options.failLoad) throw new Error('ERR_FAILED');
    },
    destroy: () => void calls.push('destroy'),
  };
  return window;
}

describe('electronPdfRenderer (Electron printToPDF, against a fake window)', () => {
  it('loads the page in a hidden staff-role window, waits for it and its fonts, prints A4 with backgrounds, and destroys the window', async () => {
    const window = fakeWindow();
    const made: unknown[] = [];
    const connected: [PdfWindow, Role][] = [];
    const render = electronPdfRenderer({
      createWindow: (options) => (made.push(options), window),
      webPreferences: (role) => ({ preload: `/app/preload/${role}.cjs`, sandbox: true }),
      connect: (w, role) => connected.push([w, role]),
      origin: 'app://madoguchi',
    });
    const pdf = await render('guide');
    assert.equal(Buffer.from(pdf).toString(), '%PDF-1.7 fake');
    assert.deepEqual(made, [{ show: false, webPreferences: { preload: '/app/preload/staff.cjs', sandbox: true } }], 'the staff preload: the guide is a staff page');
    assert.deepEqual(connected, [[window, 'staff']], 'registered before the page loads, so it gets the staff projection');
    assert.deepEqual(window.calls, ['load:app://madoguchi/guide.html', 'wait:true', 'print', 'destroy']);
    assert.deepEqual(window.printOptions, { pageSize: 'A4', printBackground: true });
  });

  it('destroys the hidden window when the page fails to load, and passes the failure on', async () => {
    const window = fakeWindow({ failLoad: true });
    const render = electronPdfRenderer({ createWindow: () => window, webPreferences: () => ({}), connect: () => undefined, origin: 'app://madoguchi' });
    await assert.rejects(render('guide'), /ERR_FAILED/);
    assert.deepEqual(window.calls, ['load:app://madoguchi/guide.html', 'destroy']);
  });
});
