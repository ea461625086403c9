import type { WebPreferences } from 'electron';

/**
 * Electron hardening (the checklist of https://www.electronjs.org/docs/latest/tutorial/security), written against narrow structural types so every
 * point is unit-tested with fakes under plain Node. main.ts passes the real Electron objects; the type-check
 * proves they fit.
 */

/** The app's own origin: renderer files are served only from here (see protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'madoguchi';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The only web preferences a Madoguchi window is ever created with. */
export function secureWebPreferences(options: { preload: string; production: boolean }): WebPreferences {
  return {
    preload: options.preload,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: !options.production,
  };
}

/**
 * Same-origin check on the parsed URL, never by string prefix (app://madoguchi.evil is not ours). Compares
 * scheme and host rather than `URL.origin`, because WHATWG URL gives custom schemes such as app: the opaque
 * origin "null" — in Node and so in Electron's main process.
 */
export function isAppUrl(url: string, appOrigin = APP_ORIGIN): boolean {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === appOrigin;
  } catch {
    return false;
  }
}

interface Preventable {
  preventDefault(): void;
}

export interface SessionLike {
  setPermissionRequestHandler(
    handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null,
  ): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler(handler: ((details: unknown) => boolean) | null): void;
}

/**
 * Deny every permission request and check: camera, microphone, geolocation, notifications, HID, USB, serial…
 * Devices are driven by the host process, never by a web page, so a renderer has no reason to ask.
 */
export function denyAllPermissions(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export interface WebContentsLike {
  on(event: 'will-navigate', listener: (event: Preventable & { url: string }) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: Preventable & { url: string }) => void): unknown;
  on(event: 'will-redirect', listener: (event: Preventable & { url: string }) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: Preventable) => void): unknown;
  on(event: 'devtools-opened', listener: () => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void;
  closeDevTools(): void;
}

/**
 * Per-webContents guards, applied to every webContents Electron creates (app 'web-contents-created'):
 * navigation and redirects stay on the app origin, no new windows (only main creates windows), no <webview>,
 * and in production DevTools close the moment anything opens them.
 */
export function hardenWebContents(
  contents: WebContentsLike,
  options: { production: boolean; appOrigin?: string },
): void {
  const appOrigin = options.appOrigin ?? APP_ORIGIN;
  const keepOnApp = (event: Preventable & { url: string }) => {
    if (!isAppUrl(event.url, appOrigin)) event.preventDefault();
  };
  contents.on('will-navigate', keepOnApp);
  contents.on('will-frame-navigate', keepOnApp);
  contents.on('will-redirect', keepOnApp);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  if (options.production) contents.on('devtools-opened', () => contents.closeDevTools());
}

export interface AppLike {
  enableSandbox(): void;
  on(event: 'web-contents-created', listener: (event: unknown, contents: WebContentsLike) => void): unknown;
}

/** Called once, before the app is ready. */
export function hardenApp(app: AppLike, options: { production: boolean; appOrigin?: string }): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}
