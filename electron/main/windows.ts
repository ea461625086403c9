import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import path from 'node:path';
import { ROLES, WINDOWS, type Role } from '../../shared/contract';
import { secureWebPreferences } from './security';

/**
 * The app's windows, opened from the window registry (shared/contract/windows.ts): window options by
 * placement, customer-display placement, and `openWindows`, which opens every registered window. Pure
 * functions and small classes over narrow structural types, so the behaviour (which window goes where, what
 * happens when a display is plugged in or pulled out) is unit-tested without Electron.
 */

export interface WindowPreferences {
  preload: string;
  production: boolean;
}

/** The built preload of a role: `<outDir>/preload/<bundle>.cjs`, as scripts/build.mjs writes it. */
export function preloadPath(outDir: string, role: Role): string {
  return path.join(outDir, 'preload', `${WINDOWS[role].preload}.cjs`);
}

/** A window on the primary display, the clerk's screen: a normal window that takes focus. */
export function primaryWindowOptions(title: string, options: WindowPreferences): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title,
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options),
  };
}

/**
 * A window on the customer display is created directly on that display's bounds (Electron has no "fullscreen
 * on display N"), fullscreen and frameless, and not focusable, so a resident's touch never takes keyboard
 * focus away from the clerk's window.
 */
export function customerDisplayWindowOptions(
  title: string,
  bounds: Rectangle,
  options: WindowPreferences,
): BrowserWindowConstructorOptions {
  return {
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    fullscreen: true,
    frame: false,
    focusable: false,
    skipTaskbar: true,
    resizable: false,
    movable: false,
    minimizable: false,
    closable: false,
    show: false,
    title,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(options),
  };
}

export interface DisplayLike {
  id: number;
  label: string;
  bounds: Rectangle;
  internal: boolean;
}

/** Set by IT policy when a counter has more than one extra display; otherwise the first external one is used. */
export interface CustomerDisplayPolicy {
  displayId?: number;
  displayLabel?: string;
}

/**
 * Which display the customer screen goes on: the one IT named, else the first non-primary display
 * (external before built-in). Never the primary display — that is the clerk's screen — and null when there
 * is no second display, which the staff window shows as "customer display missing".
 */
export function chooseCustomerDisplay(
  displays: readonly DisplayLike[],
  primaryId: number,
  policy: CustomerDisplayPolicy = {},
): DisplayLike | null {
  const candidates = displays.filter((display) => display.id !== primaryId);
  if (policy.displayId !== undefined) {
    const named = candidates.find((display) => display.id === policy.displayId);
    if (named) return named;
  }
  if (policy.displayLabel) {
    const named = candidates.find((display) => display.label === policy.displayLabel);
    if (named) return named;
  }
  return [...candidates].sort((a, b) => Number(a.internal) - Number(b.internal))[0] ?? null;
}

export interface ScreenLike {
  getAllDisplays(): DisplayLike[];
  getPrimaryDisplay(): DisplayLike;
  on(event: 'display-added' | 'display-removed' | 'display-metrics-changed', listener: () => void): unknown;
}

export interface CustomerWindowLike {
  setBounds(bounds: Rectangle): void;
  setFullScreen(flag: boolean): void;
  isDestroyed(): boolean;
  destroy(): void;
}

/**
 * Keeps the customer window on the right display as displays come and go: created when a second display
 * appears, moved when its geometry changes, destroyed when it disappears — and reports each change so the
 * host can tell the staff window.
 */
export class CustomerWindowPlacer {
  private window: CustomerWindowLike | null = null;
  private displayId: number | null = null;

  constructor(
    private readonly deps: {
      screen: ScreenLike;
      createWindow: (bounds: Rectangle) => CustomerWindowLike;
      onStatus: (status: 'connected' | 'missing') => void;
      policy?: CustomerDisplayPolicy;
    },
  ) {}

  start(): void {
    const replace = () => this.place();
    this.deps.screen.on('display-added', replace);
    this.deps.screen.on('display-removed', replace);
    this.deps.screen.on('display-metrics-changed', replace);
    this.place();
  }

  place(): void {
    const { screen, policy } = this.deps;
    const target = chooseCustomerDisplay(screen.getAllDisplays(), screen.getPrimaryDisplay().id, policy);
    if (this.window?.isDestroyed()) this.window = null;

    if (!target) {
      this.window?.destroy();
      this.window = null;
      this.displayId = null;
      this.deps.onStatus('missing');
      return;
    }
    if (this.window && this.displayId === target.id) {
      // Same display, new geometry (resolution or arrangement changed): leave fullscreen to move, then re-enter.
      this.window.setFullScreen(false);
      this.window.setBounds(target.bounds);
      this.window.setFullScreen(true);
    } else {
      this.window?.destroy();
      this.window = this.deps.createWindow(target.bounds);
      this.displayId = target.id;
    }
    this.deps.onStatus('connected');
  }

  get current(): CustomerWindowLike | null {
    return this.window;
  }
}

/** The part of a BrowserWindow that opening and placing a window uses. */
export interface AppWindowLike extends CustomerWindowLike {
  loadURL(url: string): Promise<void>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  on(event: 'closed', listener: () => void): unknown;
  show(): void;
  showInactive(): void;
}

export interface OpenWindowsDeps {
  /** The built app's out/ folder (preloads under preload/). */
  outDir: string;
  production: boolean;
  /** Where the pages are served (the app:// origin). */
  origin: string;
  screen: ScreenLike;
  policy?: CustomerDisplayPolicy;
  /** Makes the BrowserWindow and attaches it to the host as `role`, before its page loads. */
  create(role: Role, options: BrowserWindowConstructorOptions): AppWindowLike;
  /** The customer display came or went (the staff window shows "customer display missing"). */
  onCustomerDisplay(status: 'connected' | 'missing'): void;
  /** A primary-display window was closed: the clerk is done, the app ends. */
  onPrimaryClosed(): void;
}

/**
 * Opens every window of the registry where its placement says: a primary-display window at once, shown when
 * ready; a customer-display window through a placer that follows that display, shown without taking focus.
 * Returns the placers (one per customer-display window) so main keeps them alive.
 */
export function openWindows(deps: OpenWindowsDeps): CustomerWindowPlacer[] {
  const open = (role: Role, options: BrowserWindowConstructorOptions) => {
    const window = deps.create(role, options);
    void window.loadURL(`${deps.origin}/${WINDOWS[role].page}`);
    return window;
  };
  const placers: CustomerWindowPlacer[] = [];
  for (const role of ROLES) {
    const { title, placement } = WINDOWS[role];
    const preferences = { preload: preloadPath(deps.outDir, role), production: deps.production };
    if (placement === 'primary-display') {
      const window = open(role, primaryWindowOptions(title, preferences));
      window.once('ready-to-show', () => window.show());
      window.on('closed', deps.onPrimaryClosed);
    } else {
      const placer = new CustomerWindowPlacer({
        screen: deps.screen,
        policy: deps.policy,
        onStatus: deps.onCustomerDisplay,
        createWindow: (bounds) => {
          const window = open(role, customerDisplayWindowOptions(title, bounds, preferences));
          window.once('ready-to-show', () => window.showInactive());
          return window;
        },
      });
      placer.start();
      placers.push(placer);
    }
  }
  return placers;
}
