import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { SecurityEvents, loginRef, octetCounted, syslogMessage, syslogTargets, toEvent } from './events';

const AT = new Date('2026-11-27T01:00:00.000Z');

/** Parses one RFC 5424 message back: header fields, structured-data params, and the JSON message. */
function parse5424(message: string) {
  const match = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) (\[.*?[^\\]\]|-) (.*)$/s.exec(message);
  assert.ok(match, `not RFC 5424: ${message}`);
  const [, pri, timestamp, host, app, procId, msgId, sd, msg] = match;
  const sdMatch = /^\[(\S+)((?: [A-Za-z0-9_]+="(?:[^"\\\]]|\\.)*")*)\]$/.exec(sd!);
  assert.ok(sdMatch, `structured data malformed: ${sd}`);
  const params = Object.fromEntries([...sdMatch[2]!.matchAll(/ ([A-Za-z0-9_]+)="((?:[^"\\\]]|\\.)*)"/g)].map((m) => [m[1], m[2]!.replace(/\\(.)/g, '$1')]));
  return { pri: Number(pri), timestamp, host, app, procId, msgId, sdId: sdMatch[1], params, json: JSON.parse(msg!) as Record<string, unknown> };
}

describe('security events: only ids and codes', () => {
  it('drops names, free text and malformed ids from every field', () => {
    const event = toEvent(
      {
        code: 'login_failed',
        tenantId: '212113',
        staffId: '山田 太郎',
        terminalId: 'counter 1 山田',
        source: '127.0.0.1',
        detail: { reason: 'bad_credentials', typed: '山田 太郎', note: 'Taro Yamada', n: 3, ok: false, 'bad key': 'x' },
      },
      AT,
    );
    assert.equal(event.staffId, null);
    assert.equal(event.terminalId, null);
    assert.equal(event.source, '127.0.0.1');
    assert.deepEqual(event.detail, { reason: 'bad_credentials', n: 3, ok: false });
  });

  it('a login id becomes a keyed hash: stable for the same id (case-insensitive), different with another secret', () => {
    const a = loginRef('secret-1', '212113', 'Yamada.Taro');
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.equal(loginRef('secret-1', '212113', 'yamada.taro'), a);
    assert.notEqual(loginRef('secret-2', '212113', 'yamada.taro'), a);
    assert.notEqual(loginRef('secret-1', '215015', 'yamada.taro'), a);
  });

  it('JSON lines to a file: one event per line, appended', async (t) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'madoguchi-events-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'security.jsonl');
    const stream = new SecurityEvents({ jsonLines: file }, () => AT);
    stream.emit({ code: 'admin_export', tenantId: '212113', count: 3 });
    stream.emit({ code: 'audit_verify_failed', tenantId: '215015', count: 10, detail: { firstBrokenSeq: 4, via: 'cli' } });
    await stream.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { code: string; severity: string; detail: Record<string, unknown> });
    assert.deepEqual(lines.map((l) => [l.code, l.severity]), [['admin_export', 'notice'], ['audit_verify_failed', 'alert']]);
    assert.deepEqual(lines[1]!.detail, { firstBrokenSeq: 4, via: 'cli' });
  });

  it('parses collector addresses and refuses anything else', () => {
    assert.deepEqual(syslogTargets('udp://127.0.0.1:514, tcp://[::1]:6514'), [
      { transport: 'udp', host: '127.0.0.1', port: 514 },
      { transport: 'tcp', host: '::1', port: 6514 },
    ]);
    assert.deepEqual(syslogTargets(undefined), []);
    assert.throws(() => syslogTargets('http://collector:514'));
    assert.throws(() => syslogTargets('udp://collector:70000'));
  });
});

describe('RFC 5424 syslog', () => {
  const event = toEvent({ code: 'anomaly', tenantId: '215015', staffId: '00000000-0000-4000-8000-215015000001', count: 31, detail: { rule: 'views"]\\x', kind: 'residents_viewed_per_hour' } }, AT);

  it('formats header, structured data (escaped) and the event as JSON', () => {
    const parsed = parse5424(syslogMessage(event, 'cloud-1', '42'));
    assert.equal(parsed.pri, 10 * 8 + 4, 'authpriv.warning');
    assert.equal(parsed.timestamp, AT.toISOString());
    assert.deepEqual([parsed.host, parsed.app, parsed.procId, parsed.msgId, parsed.sdId], ['cloud-1', 'madoguchi', '42', 'anomaly', 'madoguchi@32473']);
    assert.equal(parsed.params.tenant, '215015');
    assert.equal(parsed.params.count, '31');
    assert.equal(parsed.params.kind, 'residents_viewed_per_hour');
    assert.equal(parsed.params.staff, '00000000-0000-4000-8000-215015000001');
    assert.equal(parsed.params.rule, undefined, 'a value that is not code-like never reaches the collector');
    assert.deepEqual(parsed.json, JSON.parse(JSON.stringify(event)));
  });

  it('reaches a UDP collector: one datagram per event', async (t) => {
    const receiver = createSocket('udp4');
    t.after(() => receiver.close());
    await new Promise<void>((resolve) => receiver.bind(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    const received = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no datagram within 5 s')), 5000);
      receiver.once('message', (data) => {
        clearTimeout(timer);
        resolve(data.toString('utf8'));
      });
    });
    const stream = new SecurityEvents({ syslog: [{ transport: 'udp', host: '127.0.0.1', port }] }, () => AT);
    stream.emit({ code: 'login_throttled', tenantId: '212113', source: '203.0.113.7', detail: { retryAfterSeconds: 8 } });
    const parsed = parse5424(await received);
    await stream.close();
    assert.equal(parsed.msgId, 'login_throttled');
    assert.equal(parsed.params.source, '203.0.113.7');
    assert.equal(parsed.params.retryAfterSeconds, '8');
  });

  it('reaches a TCP collector with octet-counted frames (RFC 6587), queued until the connection is up', async (t) => {
    const chunks: Buffer[] = [];
    let gotAll: () => void = () => undefined;
    const done = new Promise<void>((resolve) => (gotAll = resolve));
    const server = createServer((socket) => {
      socket.on('data', (data) => {
        chunks.push(data);
        if (frames(Buffer.concat(chunks)).length >= 2) gotAll();
      });
    });
    t.after(() => server.close());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    const stream = new SecurityEvents({ syslog: [{ transport: 'tcp', host: '127.0.0.1', port }] }, () => AT);
    stream.emit({ code: 'admin_export', tenantId: '212113', count: 120 });
    stream.emit({ code: 'catalog_published', tenantId: '212113', count: 7 });
    const timer = setTimeout(() => gotAll(), 5000);
    await done;
    clearTimeout(timer);
    await stream.close();
    const parsed = frames(Buffer.concat(chunks)).map(parse5424);
    assert.deepEqual(parsed.map((p) => [p.msgId, p.params.count]), [['admin_export', '120'], ['catalog_published', '7']]);
  });

  it('octet counting counts bytes, not characters', () => {
    assert.equal(octetCounted('é').toString('utf8'), '2 é');
  });
});

/** Splits octet-counted frames. */
function frames(buffer: Buffer): string[] {
  const out: string[] = [];
  let at = 0;
  while (at < buffer.length) {
    const space = buffer.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number(buffer.subarray(at, space).toString('ascii'));
    if (space + 1 + length > buffer.length) break;
    out.push(buffer.subarray(space + 1, space + 1 + length).toString('utf8'));
    at = space + 1 + length;
  }
  return out;
}
