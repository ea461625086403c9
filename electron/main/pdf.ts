import type { BrowserWindow, WebPreferences } from 'electron';

/** The part of a hidden BrowserWindow the PDF renderer uses (a fake in tests). */
export interface PdfWindow {
  readonly webContents: Pick<BrowserWindow['webContents'], 'executeJavaScript' | 'printToPDF'>;
  loadURL(url: string): Promise<void>;
  destroy(): void;
}

export interface PdfRendererDeps {
  /** Makes the hidden window, with the app's secure web preferences and the staff preload. */
  createWindow(options: { show: false; webPreferences: WebPreferences }): PdfWindow;
  webPreferences: WebPreferences;
  /** Registers the window as a staff-role window (the guide page reads the staff projection). */
  connect(window: PdfWindow): void;
  origin: string;
  /** Bound on the page becoming ready (default 30 s). */
  readyTimeoutMs?: number;
}

/**
 * Prints an app page to an A4 PDF the way Electron does it: a hidden staff-role window loads the page, waits
 * until the page's root element is there and its fonts are loaded, then `printToPDF` (A4, backgrounds). The
 * window is destroyed whatever happens, so a failed print leaves no hidden window behind.
 */
export function electronPdfRenderer(deps: PdfRendererDeps): (page: 'guide') => Promise<Uint8Array> {
  return async (page) => {
    const window = deps.createWindow({ show: false, webPreferences: deps.webPreferences });
    try {
      deps.connect(window);
      await window.loadURL(`${deps.origin}/${page}.html`);
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
