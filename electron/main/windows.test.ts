import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { BrowserWindowConstructorOptions, Rectangle } from 'electron';
import path from 'node:path';
import { WINDOWS, type Role } from '../../shared/contract';
import { secureWebPreferences } from './security';
import {
  CustomerWindowPlacer,
  chooseCustomerDisplay,
  customerDisplayWindowOptions,
  openWindows,
  primaryWindowOptions,
  type AppWindowLike,
  type CustomerDisplayPolicy,
  type CustomerWindowLike,
  type DisplayLike,
  type ScreenLike,
} from './windows';

const PRIMARY: DisplayLike = { id: 1, label: 'Built-in Retina Display', bounds: { x: 0, y: 0, width: 1440, height: 900 }, internal: true };
const EXTERNAL_A: DisplayLike = { id: 2, label: 'DELL P2422H', bounds: { x: 1440, y: 0, width: 1920, height: 1080 }, internal: false };
const EXTERNAL_B: DisplayLike = { id: 3, label: 'EIZO FlexScan', bounds: { x: 3360, y: -124, width: 1280, height: 1024 }, internal: false };
const INTERNAL_2: DisplayLike = { id: 4, label: 'Built-in Panel 2', bounds: { x: -1280, y: 100, width: 1280, height: 800 }, internal: true };

describe('window options', () => {
  const opts = { preload: '/app/preload/x.cjs', production: true };

  it('a primary-display window is created with the secure web preferences', () => {
    for (const production of [true, false]) {
      const options = { preload: '/app/preload/staff.cjs', production };
      assert.deepEqual(primaryWindowOptions('Madoguchi', options).webPreferences, secureWebPreferences(options));
    }
  });

  it('a customer-display window is created with the secure web preferences', () => {
    for (const production of [true, false]) {
      const options = { preload: '/app/preload/customer.cjs', production };
      assert.deepEqual(customerDisplayWindowOptions('customer', EXTERNAL_A.bounds, options).webPreferences, secureWebPreferences(options));
    }
  });

  it('a customer-display window sits exactly on the given bounds', () => {
    for (const bounds of [EXTERNAL_A.bounds, EXTERNAL_B.bounds, INTERNAL_2.bounds]) {
      const options = customerDisplayWindowOptions('customer', bounds, opts);
      assert.deepEqual({ x: options.x, y: options.y, width: options.width, height: options.height }, bounds);
    }
  });

  it('a customer-display window is fullscreen, frameless, unfocusable and off the taskbar', () => {
    const options = customerDisplayWindowOptions('customer', EXTERNAL_A.bounds, opts);
    assert.equal(options.fullscreen, true);
    assert.equal(options.frame, false);
    assert.equal(options.focusable, false);
    assert.equal(options.skipTaskbar, true);
  });
});

describe('chooseCustomerDisplay', () => {
  it('returns null when there is only the primary display', () => {
    assert.equal(chooseCustomerDisplay([PRIMARY], PRIMARY.id), null);
    assert.equal(chooseCustomerDisplay([PRIMARY], PRIMARY.id, { displayId: PRIMARY.id }), null);
    assert.equal(chooseCustomerDisplay([], PRIMARY.id), null);
  });

  it('takes the first non-primary display', () => {
    assert.equal(chooseCustomerDisplay([PRIMARY, EXTERNAL_A, EXTERNAL_B], PRIMARY.id)?.id, EXTERNAL_A.id);
    assert.equal(chooseCustomerDisplay([EXTERNAL_B, PRIMARY, EXTERNAL_A], PRIMARY.id)?.id, EXTERNAL_B.id);
  });

  it('never takes the primary display, whichever display is primary', () => {
    assert.equal(chooseCustomerDisplay([EXTERNAL_A, PRIMARY], EXTERNAL_A.id)?.id, PRIMARY.id);
  });

  it('prefers an external display over a built-in one', () => {
    assert.equal(chooseCustomerDisplay([PRIMARY, INTERNAL_2, EXTERNAL_B], PRIMARY.id)?.id, EXTERNAL_B.id);
    assert.equal(chooseCustomerDisplay([PRIMARY, INTERNAL_2], PRIMARY.id)?.id, INTERNAL_2.id);
  });

  it('honours the display id IT named', () => {
    const displays = [PRIMARY, EXTERNAL_A, EXTERNAL_B, INTERNAL_2];
    assert.equal(chooseCustomerDisplay(displays, PRIMARY.id, { displayId: EXTERNAL_B.id })?.id, EXTERNAL_B.id);
    assert.equal(chooseCustomerDisplay(displays, PRIMARY.id, { displayId: INTERNAL_2.id })?.id, INTERNAL_2.id);
  });

  it('honours the display label IT named', () => {
    const displays = [PRIMARY, EXTERNAL_A, EXTERNAL_B];
    assert.equal(chooseCustomerDisplay(displays, PRIMARY.id, { displayLabel: EXTERNAL_B.label })?.id, EXTERNAL_B.id);
  });

  it('falls back to the usual choice when the named display is not attached', () => {
    const displays = [PRIMARY, EXTERNAL_A, EXTERNAL_B];
    assert.equal(chooseCustomerDisplay(displays, PRIMARY.id, { displayId: 42 })?.id, EXTERNAL_A.id);
    assert.equal(chooseCustomerDisplay(displays, PRIMARY.id, { displayLabel: 'Projector' })?.id, EXTERNAL_A.id);
  });

  it("does not honour a policy naming the primary display: the clerk's screen is never covered", () => {
    const displays = [PRIMARY, EXTERNAL_A, EXTERNAL_B];
    for (const policy of [{ displayId: PRIMARY.id }, { displayLabel: PRIMARY.label }] satisfies CustomerDisplayPolicy[]) {
      assert.equal(chooseCustomerDisplay(displays, PRIMARY.id, policy)?.id, EXTERNAL_A.id, JSON.stringify(policy));
    }
  });
});

/** A screen whose displays the test changes, then announces with the event Electron would emit. */
class FakeScreen extends EventEmitter implements ScreenLike {
  displays: DisplayLike[] = [PRIMARY];
  primaryId = PRIMARY.id;
  getAllDisplays(): DisplayLike[] {
    return this.displays.map((display) => ({ ...display, bounds: { ...display.bounds } }));
  }
  getPrimaryDisplay(): DisplayLike {
    const primary = this.getAllDisplays().find((display) => display.id === this.primaryId);
    assert.ok(primary, 'the fake screen lost its primary display');
    return primary;
  }
}

class FakeWindow implements CustomerWindowLike {
  readonly calls: string[] = [];
  bounds: Rectangle;
  fullScreen = true;
  destroyed = false;
  constructor(bounds: Rectangle) {
    this.bounds = { ...bounds };
  }
  setBounds(bounds: Rectangle): void {
    this.calls.push('setBounds');
    this.bounds = { ...bounds };
  }
  setFullScreen(flag: boolean): void {
    this.calls.push(`setFullScreen(${flag})`);
    this.fullScreen = flag;
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.calls.push('destroy');
    this.destroyed = true;
  }
}

function startPlacer(displays: DisplayLike[], policy?: CustomerDisplayPolicy) {
  const screen = new FakeScreen();
  screen.displays = displays;
  const created: FakeWindow[] = [];
  const statuses: ('connected' | 'missing')[] = [];
  const placer = new CustomerWindowPlacer({
    screen,
    createWindow: (bounds) => {
      const window = new FakeWindow(bounds);
      created.push(window);
      return window;
    },
    onStatus: (status) => statuses.push(status),
    ...(policy ? { policy } : {}),
  });
  placer.start();
  return { screen, placer, created, statuses };
}

describe('CustomerWindowPlacer', () => {
  it('with only the primary display: no window, status missing', () => {
    const { created, statuses, placer } = startPlacer([PRIMARY]);
    assert.equal(created.length, 0);
    assert.deepEqual(statuses, ['missing']);
    assert.equal(placer.current, null);
  });

  it('with a second display at start: a window on it, status connected', () => {
    const { created, statuses, placer } = startPlacer([PRIMARY, EXTERNAL_A]);
    assert.equal(created.length, 1);
    assert.deepEqual(created[0]?.bounds, EXTERNAL_A.bounds);
    assert.equal(placer.current, created[0]);
    assert.deepEqual(statuses, ['connected']);
  });

  it('creates the window on a display plugged in later', () => {
    const { screen, created, statuses, placer } = startPlacer([PRIMARY]);
    screen.displays = [PRIMARY, EXTERNAL_A];
    screen.emit('display-added');
    assert.equal(created.length, 1);
    assert.deepEqual(created[0]?.bounds, EXTERNAL_A.bounds);
    assert.equal(placer.current, created[0]);
    assert.deepEqual(statuses, ['missing', 'connected']);
  });

  it('moves the same window when its display changes geometry, re-entering fullscreen', () => {
    const { screen, created, statuses, placer } = startPlacer([PRIMARY]);
    screen.displays = [PRIMARY, EXTERNAL_A];
    screen.emit('display-added');
    const window = created[0];
    assert.ok(window);

    const resized = { ...EXTERNAL_A, bounds: { x: 1440, y: -200, width: 2560, height: 1440 } };
    screen.displays = [PRIMARY, resized];
    screen.emit('display-metrics-changed');

    assert.equal(created.length, 1, 'no second window');
    assert.equal(placer.current, window);
    assert.equal(window.destroyed, false);
    assert.deepEqual(window.bounds, resized.bounds);
    assert.equal(window.fullScreen, true);
    const fromSetBounds = window.calls.slice(window.calls.indexOf('setBounds'));
    assert.deepEqual(fromSetBounds.slice(0, 2), ['setBounds', 'setFullScreen(true)']);
    assert.equal(statuses.at(-1), 'connected');
  });

  it('destroys the window when its display is pulled out, and reports missing', () => {
    const { screen, created, statuses, placer } = startPlacer([PRIMARY]);
    screen.displays = [PRIMARY, EXTERNAL_A];
    screen.emit('display-added');
    const window = created[0];
    assert.ok(window);

    screen.displays = [PRIMARY];
    screen.emit('display-removed');
    assert.equal(window.destroyed, true);
    assert.equal(placer.current, null);
    assert.equal(created.length, 1);
    assert.deepEqual(statuses, ['missing', 'connected', 'missing']);
  });

  it('moves to another display when its own is pulled out but another remains', () => {
    const { screen, created, statuses } = startPlacer([PRIMARY, EXTERNAL_A, EXTERNAL_B]);
    const first = created[0];
    assert.ok(first);
    assert.deepEqual(first.bounds, EXTERNAL_A.bounds);

    screen.displays = [PRIMARY, EXTERNAL_B];
    screen.emit('display-removed');
    assert.equal(first.destroyed, true);
    assert.equal(created.length, 2);
    assert.deepEqual(created[1]?.bounds, EXTERNAL_B.bounds);
    assert.equal(statuses.at(-1), 'connected');
  });

  it('places the window on the display the policy names', () => {
    const { created } = startPlacer([PRIMARY, EXTERNAL_A, EXTERNAL_B], { displayId: EXTERNAL_B.id });
    assert.equal(created.length, 1);
    assert.deepEqual(created[0]?.bounds, EXTERNAL_B.bounds);
  });

  it('replaces a window that was destroyed behind its back', () => {
    const { screen, created, placer } = startPlacer([PRIMARY, EXTERNAL_A]);
    created[0]?.destroy();
    screen.emit('display-metrics-changed');
    assert.equal(created.length, 2);
    assert.equal(placer.current, created[1]);
    assert.equal(created[1]?.destroyed, false);
  });
});

/** A BrowserWindow that records its role, options and what was done with it. */
class FakeAppWindow extends FakeWindow implements AppWindowLike {
  readonly listeners = new Map<string, () => void>();
  constructor(
    readonly role: Role,
    readonly options: BrowserWindowConstructorOptions,
  ) {
    super({ x: options.x ?? 0, y: options.y ?? 0, width: options.width ?? 0, height: options.height ?? 0 });
  }
  async loadURL(url: string): Promise<void> {
    this.calls.push(`load:${url}`);
  }
  once(event: string, listener: () => void): void {
    this.listeners.set(event, listener);
  }
  on(event: string, listener: () => void): void {
    this.listeners.set(event, listener);
  }
  show(): void {
    this.calls.push('show');
  }
  showInactive(): void {
    this.calls.push('showInactive');
  }
}

function startWindows(displays: DisplayLike[]) {
  const screen = new FakeScreen();
  screen.displays = displays;
  const created: FakeAppWindow[] = [];
  const statuses: ('connected' | 'missing')[] = [];
  let quits = 0;
  openWindows({
    outDir: '/app/out',
    production: true,
    origin: 'app://madoguchi',
    screen,
    create: (role, options) => {
      const window = new FakeAppWindow(role, options);
      created.push(window);
      return window;
    },
    onCustomerDisplay: (status) => statuses.push(status),
    onPrimaryClosed: () => quits++,
  });
  return { screen, created, statuses, quits: () => quits };
}

describe('openWindows (every window of the registry)', () => {
  it('opens each window as its role, with its page, its preload and its title', () => {
    const { created } = startWindows([PRIMARY, EXTERNAL_A]);
    assert.deepEqual(created.map((window) => window.role).sort(), Object.keys(WINDOWS).sort(), 'one window per registered role');
    for (const window of created) {
      const entry = WINDOWS[window.role];
      assert.deepEqual(window.calls, [`load:app://madoguchi/${entry.page}`]);
      assert.equal(window.options.webPreferences?.preload, path.join('/app/out', 'preload', `${entry.preload}.cjs`));
      assert.equal(window.options.title, entry.title);
      assert.equal(window.options.webPreferences?.devTools, false, 'production preferences');
    }
  });

  it('puts the staff window on the primary display: focusable, shown when ready, closing it ends the app', () => {
    const { created, quits } = startWindows([PRIMARY, EXTERNAL_A]);
    const staff = created.find((window) => window.role === 'staff');
    assert.ok(staff);
    assert.equal(staff.options.focusable, undefined);
    assert.equal(staff.options.fullscreen, undefined);
    staff.listeners.get('ready-to-show')?.();
    assert.equal(staff.calls.at(-1), 'show');
    staff.listeners.get('closed')?.();
    assert.equal(quits(), 1);
  });

  it('puts the customer window on the customer display, shown without taking focus, following that display', () => {
    const { screen, created, statuses } = startWindows([PRIMARY]);
    assert.deepEqual(created.map((window) => window.role), ['staff'], 'no customer window without a second display');
    assert.deepEqual(statuses, ['missing']);

    screen.displays = [PRIMARY, EXTERNAL_A];
    screen.emit('display-added');
    const customer = created.find((window) => window.role === 'customer');
    assert.ok(customer);
    assert.deepEqual(customer.bounds, EXTERNAL_A.bounds);
    assert.equal(customer.options.focusable, false);
    customer.listeners.get('ready-to-show')?.();
    assert.equal(customer.calls.at(-1), 'showInactive');
    assert.deepEqual(statuses, ['missing', 'connected']);
  });
});
