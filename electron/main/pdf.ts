import type { BrowserWindow, WebPreferences } from 'electron';
import { PRINT_PAGES, type PrintPage, type Role } from '../../shared/contract';

/** The part of a hidden BrowserWindow the PDF renderer uses (a fake in tests). */
export interface PdfWindow {
  readonly webContents: Pick<BrowserWindow['webContents'], 'executeJavaScript' | 'printToPDF'>;
  loadURL(url: string): Promise<void>;
  destroy(): void;
}

export interface PdfRendererDeps {
  /** Makes the hidden window, with the app's secure web preferences. */
  createWindow(options: { show: false; webPreferences: WebPreferences }): PdfWindow;
  /** The secure web preferences with the preload of the page's role (the window registry's PRINT_PAGES). */
  webPreferences(role: Role): WebPreferences;
  /** Registers the window as a window of the page's role (the guide page reads the staff projection). */
  connect(window: PdfWindow, role: Role): void;
  origin: string;
  /** Bound on the page becoming ready (default 30 s). */
  readyTimeoutMs?: number;
}

/**
 * Prints an app page to an A4 PDF the way Electron does it: a hidden window of the page's role loads it, waits
 * until the page's root element is there and its fonts are loaded, then `printToPDF` (A4, backgrounds). The
 * window is destroyed whatever happens, so a failed print leaves no hidden window behind.
 */
export function electronPdfRenderer(deps: PdfRendererDeps): (page: PrintPage) => Promise<Uint8Array> {
  return async (page) => {
    const { role } = PRINT_PAGES[page];
    const window = deps.createWindow({ show: false, webPreferences: deps.webPreferences(role) });
    try {
      deps.connect(window, role);
      await window.loadURL(`${deps.origin}/${PRINT_PAGES[page].page}`);
      const timeout = deps.readyTimeoutMs ?? 30_000;
      // The page id is one of ours ('guide'), never input: safe to put in the script.
      await window.webContents.executeJavaScript(
        `new Promise((done, fail) => { const end = Date.now() + ${timeout}; const ready = () => document.querySelector('[data-testid="${page}"]') ? document.fonts.ready.then(done) : Date.now() > end ? fail(new Error('page not ready')) : setTimeout(ready, 50); ready(); })`,
      );
      return new Uint8Array(await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true }));
    } finally {
      window.destroy();
    }
  };
}
