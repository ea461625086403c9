import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import { secureWebPreferences } from './security';

/**
 * Window options and customer-display placement. Pure functions and a small placer class over narrow
 * structural types, so the behaviour (which display, what happens when one is plugged in or pulled out) is
 * unit-tested without Electron.
 */

export function staffWindowOptions(options: { preload: string; production: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 700,
    show: false,
    title: 'Madoguchi',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(options),
  };
}

/**
 * The customer window is created directly on the target display's bounds (Electron has no "fullscreen on
 * display N"), fullscreen and frameless, and not focusable, so a resident's touch never takes keyboard focus
 * away from the clerk's window.
 */
export function customerWindowOptions(
  bounds: Rectangle,
  options: { preload: string; production: boolean },
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
    title: 'Madoguchi — customer',
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
