/**
 * The window registry: every window the app opens, one entry per window role, and every page printed to PDF.
 * The window roles of the contract (`ROLES`), the renderer build's HTML inputs (vite.config.ts), the preload
 * bundles (scripts/build.mjs), the browser host's socket paths (electron/web-host/server.ts and the renderer's
 * WebSocket bridge), the page `/` serves, and Electron main's windows (electron/main/windows.ts) are all
 * derived from this file. Adding a window is one entry here plus its page under renderer/;
 * shared/contract/windows.test.ts checks that everything derived agrees with it.
 *
 * Pure data with no imports, so the build scripts, the renderer and every host can read it.
 */

/**
 * Where a window goes. `primary-display`: the clerk's own screen, a normal focusable window; closing it ends
 * the app. `customer-display`: fullscreen on the counter's second display facing the resident, never
 * focusable, created and removed as that display comes and goes (its presence is reported to the host).
 */
export type WindowPlacement = 'primary-display' | 'customer-display';

export interface WindowEntry {
  /** Entry HTML under renderer/, served at `/<page>` on the app origin (Electron) and by the browser host. */
  readonly page: `${string}.html`;
  /** The preload bundle `out/preload/<preload>.cjs`, built from electron/preload/window.ts for this role. */
  readonly preload: string;
  readonly placement: WindowPlacement;
  /** The browser host's WebSocket path for this role: the socket's path decides its role, never a message. */
  readonly socketPath: `/ws/${string}`;
  /** Window title in Electron, and the name the browser host prints beside the page's URL. */
  readonly title: string;
}

export const WINDOWS = {
  staff: { page: 'staff.html', preload: 'staff', placement: 'primary-display', socketPath: '/ws/staff', title: 'Madoguchi' },
  customer: {
    page: 'customer.html',
    preload: 'customer',
    placement: 'customer-display',
    socketPath: '/ws/customer',
    title: 'Madoguchi — customer',
  },
} as const satisfies Record<string, WindowEntry>;

export type WindowRole = keyof typeof WINDOWS;

/**
 * Pages that are not windows: each belongs to a window role (it reads that role's projection through that
 * role's bridge) and is only ever rendered out of sight — a hidden window in Electron, a headless tab for the
 * browser host — and printed to an A4 PDF. The key is the page's id: its root element carries
 * `data-testid="<id>"`, which the PDF renderers wait for.
 */
export const PRINT_PAGES = {
  /** 手続き案内書, the printable guide the resident takes home: a page of the staff role. */
  guide: { page: 'guide.html', role: 'staff' },
} as const satisfies Record<string, { readonly page: `${string}.html`; readonly role: WindowRole }>;

export type PrintPage = keyof typeof PRINT_PAGES;

/** The page `/` serves: the clerk's window. */
export const START_PAGE = WINDOWS.staff.page;

/** Every HTML entry of the renderer build, by entry name (the page's file name without `.html`). */
export function rendererPages(): Record<string, `${string}.html`> {
  const pages = [...Object.values(WINDOWS), ...Object.values(PRINT_PAGES)].map((entry) => entry.page);
  return Object.fromEntries(pages.map((page) => [page.slice(0, -'.html'.length), page]));
}
