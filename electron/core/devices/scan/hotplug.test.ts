import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { watchHidHotplug } from './hotplug';

function fakeWatch() {
  const state: { path?: string; listener?: (event: string, filename: string | null) => void; closed: boolean } = { closed: false };
  const watch = (path: string, listener: (event: string, filename: string | Buffer | null) => void) => {
    state.path = path;
    state.listener = listener as (event: string, filename: string | null) => void;
    return { close: () => void (state.closed = true), on: () => undefined } as never;
  };
  return { state, watch };
}

describe('HID hot-plug', () => {
  it('on Linux refreshes once per burst of /dev/hidraw* changes, ignores other device nodes, and stops on close', async () => {
    const { state, watch } = fakeWatch();
    let refreshes = 0;
    const stop = watchHidHotplug(() => refreshes++, { platform: 'linux', watch, debounceMs: 20 });
    assert.equal(state.path, '/dev');
    state.listener!('rename', 'ttyUSB0');
    state.listener!('rename', 'hidraw3');
    state.listener!('rename', 'hidraw4');
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(refreshes, 1);
    state.listener!('rename', 'hidraw3');
    stop();
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(refreshes, 1, 'nothing after close');
    assert.equal(state.closed, true);
  });

  it('does nothing where there is no such signal', () => {
    const { state, watch } = fakeWatch();
    const stop = watchHidHotplug(() => assert.fail('no refresh'), { platform: 'win32', watch });
    assert.equal(state.path, undefined);
    stop();
  });
});
