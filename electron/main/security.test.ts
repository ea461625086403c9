import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import {
  APP_ORIGIN,
  denyAllPermissions,
  hardenApp,
  hardenWebContents,
  isAppUrl,
  secureWebPreferences,
  type SessionLike,
} from './security';

/** A webContents stand-in: real EventEmitter for the `on` events, recorders for the rest. */
class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: 'deny' } | { action: 'allow' }) | null = null;
  closeDevToolsCalls = 0;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' } | { action: 'allow' }): void {
    this.windowOpenHandler = handler;
  }
  closeDevTools(): void {
    this.closeDevToolsCalls += 1;
  }
}

/** Emits a navigation-like event the way Electron does and reports whether a listener prevented it. */
function navigate(contents: FakeWebContents, event: string, url: string): boolean {
  let prevented = false;
  contents.emit(event, {
    url,
    preventDefault() {
      prevented = true;
    },
  });
  return prevented;
}

class FakeSession implements SessionLike {
  request: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  check: ((webContents: unknown, permission: string) => boolean) | null = null;
  device: ((details: unknown) => boolean) | null = null;
  setPermissionRequestHandler(handler: FakeSession['request']): void {
    this.request = handler;
  }
  setPermissionCheckHandler(handler: FakeSession['check']): void {
    this.check = handler;
  }
  setDevicePermissionHandler(handler: FakeSession['device']): void {
    this.device = handler;
  }
}

class FakeApp extends EventEmitter {
  sandboxEnabled = 0;
  enableSandbox(): void {
    this.sandboxEnabled += 1;
  }
}

const NAVIGATION_EVENTS = ['will-navigate', 'will-frame-navigate', 'will-redirect'] as const;
const FOREIGN_URLS = [
  'https://evil.example/',
  'app://madoguchi.evil/staff.html',
  'app://other/staff.html',
  'file:///etc/passwd',
  'javascript:alert(1)',
];

describe('secureWebPreferences', () => {
  for (const production of [true, false]) {
    it(`locks the renderer down (production: ${production})`, () => {
      const prefs = secureWebPreferences({ preload: '/app/preload/staff.cjs', production });
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(prefs.nodeIntegrationInWorker, false);
      assert.equal(prefs.nodeIntegrationInSubFrames, false);
      assert.equal(prefs.webSecurity, true);
      assert.equal(prefs.allowRunningInsecureContent, false);
      assert.equal(prefs.experimentalFeatures, false);
      assert.equal(prefs.webviewTag, false);
    });
  }

  it('disables DevTools in production only', () => {
    assert.equal(secureWebPreferences({ preload: 'p.cjs', production: true }).devTools, false);
    assert.equal(secureWebPreferences({ preload: 'p.cjs', production: false }).devTools, true);
  });

  it('passes the preload path through unchanged', () => {
    for (const preload of ['/opt/madoguchi/preload/staff.cjs', 'C:\\Madoguchi\\preload\\customer.cjs']) {
      assert.equal(secureWebPreferences({ preload, production: true }).preload, preload);
    }
  });
});

describe('isAppUrl', () => {
  it('accepts pages of the app origin', () => {
    for (const url of [`${APP_ORIGIN}/staff.html`, 'app://madoguchi/customer.html', 'app://madoguchi/assets/x.js?v=1#top']) {
      assert.equal(isAppUrl(url), true, url);
    }
  });

  it('rejects look-alike hosts, other schemes and other hosts', () => {
    for (const url of [
      'app://madoguchi.evil/staff.html',
      'app://madoguchi.evil',
      'app://evil.madoguchi/staff.html',
      'app://other/staff.html',
      'https://madoguchi/staff.html',
      'http://madoguchi/staff.html',
      'file:///madoguchi/staff.html',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
    ]) {
      assert.equal(isAppUrl(url), false, url);
    }
  });

  it('rejects strings that are not URLs at all, without throwing', () => {
    for (const url of ['', 'madoguchi', '/staff.html', 'app:', '://madoguchi', 'not a url']) {
      assert.equal(isAppUrl(url), false, JSON.stringify(url));
    }
  });
});

describe('denyAllPermissions', () => {
  it('answers every permission request with false', () => {
    const session = new FakeSession();
    denyAllPermissions(session);
    const request = session.request;
    assert.ok(request, 'a permission request handler must be installed');
    for (const permission of ['media', 'geolocation', 'hid', 'notifications', 'serial', 'usb', 'clipboard-read']) {
      const answers: boolean[] = [];
      request({}, permission, (granted) => answers.push(granted));
      assert.deepEqual(answers, [false], permission);
    }
  });

  it('fails every permission check and every device permission', () => {
    const session = new FakeSession();
    denyAllPermissions(session);
    const { check, device } = session;
    assert.ok(check, 'a permission check handler must be installed');
    assert.ok(device, 'a device permission handler must be installed');
    for (const permission of ['media', 'geolocation', 'hid', 'notifications', 'serial']) {
      assert.equal(check({}, permission), false, permission);
    }
    assert.equal(device({ deviceType: 'hid', origin: APP_ORIGIN }), false);
    assert.equal(device({ deviceType: 'usb', origin: 'https://evil.example' }), false);
  });
});

describe('hardenWebContents', () => {
  for (const event of NAVIGATION_EVENTS) {
    it(`prevents ${event} to a foreign URL`, () => {
      const contents = new FakeWebContents();
      hardenWebContents(contents, { production: true });
      for (const url of FOREIGN_URLS) assert.equal(navigate(contents, event, url), true, url);
    });

    it(`lets ${event} to an app URL through`, () => {
      const contents = new FakeWebContents();
      hardenWebContents(contents, { production: true });
      assert.equal(navigate(contents, event, `${APP_ORIGIN}/customer.html`), false);
    });
  }

  it('always prevents attaching a <webview>', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, { production: false });
    let prevented = 0;
    contents.emit('will-attach-webview', { preventDefault: () => (prevented += 1) }, {}, {});
    assert.equal(prevented, 1);
  });

  it('denies every new window, including ones for app URLs', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, { production: false });
    const handler = contents.windowOpenHandler;
    assert.ok(handler, 'a window open handler must be installed');
    for (const url of [`${APP_ORIGIN}/staff.html`, 'https://evil.example/', 'about:blank', '']) {
      assert.deepEqual(handler({ url }), { action: 'deny' }, url);
    }
  });

  it('closes DevTools as soon as they open in production', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, { production: true });
    contents.emit('devtools-opened');
    assert.equal(contents.closeDevToolsCalls, 1);
    contents.emit('devtools-opened');
    assert.equal(contents.closeDevToolsCalls, 2);
  });

  it('leaves DevTools open in development', () => {
    const contents = new FakeWebContents();
    hardenWebContents(contents, { production: false });
    contents.emit('devtools-opened');
    assert.equal(contents.closeDevToolsCalls, 0);
  });
});

describe('hardenApp', () => {
  it('enables the sandbox for every renderer', () => {
    const app = new FakeApp();
    hardenApp(app, { production: true });
    assert.equal(app.sandboxEnabled, 1);
  });

  it('hardens every webContents the app creates', () => {
    const app = new FakeApp();
    hardenApp(app, { production: true });
    const created = [new FakeWebContents(), new FakeWebContents()];
    for (const contents of created) app.emit('web-contents-created', {}, contents);

    for (const contents of created) {
      assert.deepEqual(contents.windowOpenHandler?.({ url: 'https://evil.example/' }), { action: 'deny' });
      assert.equal(navigate(contents, 'will-navigate', 'https://evil.example/'), true);
      contents.emit('devtools-opened');
      assert.equal(contents.closeDevToolsCalls, 1);
    }
  });

  it('passes the development setting on to each webContents', () => {
    const app = new FakeApp();
    hardenApp(app, { production: false });
    const contents = new FakeWebContents();
    app.emit('web-contents-created', {}, contents);
    assert.equal(navigate(contents, 'will-redirect', 'https://evil.example/'), true);
    contents.emit('devtools-opened');
    assert.equal(contents.closeDevToolsCalls, 0);
  });
});
