import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  ClientMessageSchema,
  ROLES,
  WINDOWS,
  hostError,
  type Role,
  type ServerMessage,
} from '../../shared/contract';
import type { CounterHost } from '../core/counter-host';
import { silentLogger, type Logger } from '../core/log';
import { contentSecurityPolicy, serveStatic } from '../core/static-files';

/**
 * The browser host: the same host core as the Electron app, serving the built renderer and the contract over a
 * WebSocket, on 127.0.0.1 only. The staff and customer screens open as two browser pages. For development and
 * end-to-end tests; never packaged.
 */

export interface BrowserHostOptions {
  core: CounterHost;
  rendererRoot: string;
  /** 0 picks a free port (tests). */
  port: number;
  log?: Logger;
}

export interface BrowserHost {
  origin: string;
  port: number;
  close(): Promise<void>;
}

const ROLE_BY_PATH = new Map<string, Role>(ROLES.map((role) => [WINDOWS[role].socketPath, role]));

/** The URL of each window's page on a browser host, for a developer (or a test) to open. */
export function windowUrls(origin: string): Record<Role, string> {
  return Object.fromEntries(ROLES.map((role) => [role, `${origin}/${WINDOWS[role].page}`])) as Record<Role, string>;
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const log = options.log ?? silentLogger;
  const { core } = options;
  let origins: Set<string> = new Set();
  let csp = contentSecurityPolicy();

  const server = http.createServer(async (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const file = await serveStatic(options.rendererRoot, url.pathname, csp);
    response.writeHead(file.status, file.headers).end(request.method === 'HEAD' ? undefined : file.body);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  // A page of a customer-display role open anywhere stands in for the customer display being connected.
  const customers = new Set<WebSocket>();
  const reportCustomerDisplay = () => core.setCustomerDisplay(customers.size > 0 ? 'connected' : 'missing');

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const role = ROLE_BY_PATH.get(url.pathname);
    // Only pages this host served may connect: a page on any other origin (another local web app, a file://
    // page) is refused before the socket opens.
    if (!role || !origins.has(request.headers.origin ?? '')) {
      log({ level: 'warn', event: 'ws.rejected', path: url.pathname });
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => attach(ws, role));
  });

  function attach(ws: WebSocket, role: Role): void {
    const send = (message: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    const unsubscribe = core.subscribe(role, (channel, payload) => send({ type: 'event', channel, payload }));
    if (WINDOWS[role].placement === 'customer-display') {
      customers.add(ws);
      reportCustomerDisplay();
    }
    ws.on('message', async (data, isBinary) => {
      let parsed;
      try {
        parsed = isBinary ? undefined : ClientMessageSchema.safeParse(JSON.parse(data.toString()));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) {
        // A malformed frame has no id to answer; close with "unsupported data" so the bridge reconnects cleanly.
        log({ level: 'warn', event: 'ws.malformed', role });
        ws.close(1003, 'malformed message');
        return;
      }
      const { id, channel, input } = parsed.data;
      const result = await core.invoke(role, channel, input).catch(() => hostError('internal', 'host failure'));
      send({ type: 'result', id, result });
    });
    ws.on('close', () => {
      unsubscribe();
      if (customers.delete(ws)) reportCustomerDisplay();
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  csp = contentSecurityPolicy([`ws://127.0.0.1:${port}`, `ws://localhost:${port}`]);
  log({ level: 'info', event: 'browser_host.started', port });

  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const ws of sockets.clients) ws.terminate();
        sockets.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
