import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import { ApiErrorBody, BOUNDS } from '../../shared/api/schemas';
import { tenantOfToken } from '../auth/credentials';
import { asStaff, type AppContext } from './context';
import { ApiError, errors } from './errors';

/**
 * The door every request passes (issue 13): what the backend accepts before any route sees it, and how it says
 * no. Bodies are parsed by a JSON parser that refuses nesting deeper than BOUNDS.jsonDepth before parsing (so a
 * body nested thousands deep costs one linear scan, not a deep recursion) and any lone surrogate or prototype
 * key after it; queries and path parameters get the same text check; a URL longer than a URL can usefully be is
 * a 414; a known path with another method is a 405. Every refusal is the project's error shape and never echoes
 * what was sent. Authentication comes first: a request without a session is a 401 whatever else is wrong with it.
 */

export const MAX_URL_LENGTH = 4096;
/** find-my-way's default: a path parameter longer than this matches no route (the ids here are ≤ 64). */
export const MAX_PARAM_LENGTH = 100;

export const inputErrors = {
  invalidJson: () => new ApiError(400, 'invalid_json', '要求の形式が正しくありません（JSON として読めません）。'),
  tooDeep: () => new ApiError(400, 'json_too_deep', `要求の入れ子が深すぎます（${BOUNDS.jsonDepth} 段まで）。`),
  // The same code as any other field the schema refuses (clients handle one), naming the field.
  invalidText: (where: string) => new ApiError(400, 'invalid_request', '文字として正しくないデータ（対になっていないサロゲートなど）が含まれています。', { fields: [where] }),
  bodyTooLarge: () => new ApiError(413, 'body_too_large', '送信するデータが大きすぎます。'),
  unsupportedMediaType: () => new ApiError(415, 'unsupported_media_type', 'この形式のデータは受け付けていません（application/json で送ってください）。'),
  uriTooLong: () => new ApiError(414, 'uri_too_long', '要求の URL が長すぎます。'),
  methodNotAllowed: () => new ApiError(405, 'method_not_allowed', 'この URL ではこの操作はできません。'),
};

/**
 * Nesting depth of a JSON text, by one pass over it (strings skipped, escapes honoured), stopping as soon as
 * it exceeds `max`. Returns true when the text nests no deeper than `max`.
 */
export function jsonDepthWithin(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return false;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return true;
}

/** A lone surrogate (with the u flag, a pair is one code point and does not match). */
const LONE_SURROGATE = /\p{Cs}/u;
const wellFormed = (text: string) => !LONE_SURROGATE.test(text);

/** A field path safe to show: keys a program would choose, anything else as `*` (a key may be personal data). */
const pathPart = (key: string | number) => (typeof key === 'number' || /^[A-Za-z0-9_-]{1,64}$/.test(key) ? String(key) : '*');

/**
 * The path of the first string (key or value) that is not well-formed UTF-16 — a lone surrogate is no text
 * at all and PostgreSQL refuses it — or of a key that would reach an object's prototype; null when none.
 */
export function firstBadText(value: unknown, path: string): string | null {
  if (typeof value === 'string') return wellFormed(value) ? null : path;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const bad = firstBadText(value[i], `${path}.${i}`);
      if (bad) return bad;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (!wellFormed(key) || key === '__proto__' || key === 'constructor' || key === 'prototype') return `${path}.${pathPart(key)}`;
      const bad = firstBadText(inner, `${path}.${pathPart(key)}`);
      if (bad) return bad;
    }
  }
  return null;
}

/** JSON bodies: depth-checked before parsing, text-checked after. */
function registerJsonParser(app: FastifyInstance): void {
  // JSON only: every operation takes JSON, so any other content type (text/plain included) is a 415.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.trim() === '') return done(inputErrors.invalidJson(), undefined);
    if (!jsonDepthWithin(text, BOUNDS.jsonDepth)) return done(inputErrors.tooDeep(), undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(inputErrors.invalidJson(), undefined);
    }
    const bad = firstBadText(parsed, 'body');
    if (bad) return done(inputErrors.invalidText(bad), undefined);
    return done(null, parsed);
  });
}

/**
 * The operations that need no session (besides those whose schema says `security: []`): signing in. Named here,
 * next to the rule that every other operation needs a session, so /openapi.json and the door agree.
 */
export const PUBLIC_OPERATIONS: ReadonlySet<string> = new Set(['POST /v1/auth/login']);

/** Whether a route needs a session (everything but login, the health check and the document itself). */
const needsSession = (request: FastifyRequest) => {
  const security = (request.routeOptions.schema as { security?: unknown[] } | undefined)?.security;
  return !(Array.isArray(security) && security.length === 0) && !request.routeOptions.schema?.hide;
};

/** A mutating operation of a signed-in user: answered once per Idempotency-Key (asStaffOnce). */
const isIdempotent = (route: RouteOptions) => {
  const methods = [route.method].flat();
  const security = (route.schema as { security?: unknown[] } | undefined)?.security;
  return methods.some((m) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(m)) && !(Array.isArray(security) && security.length === 0);
};

export const IdempotencyKeyHeader = z.looseObject({
  'idempotency-key': z.string().min(8).max(128).describe('A fresh random key per change; a retry sends the same key and gets the first answer'),
});

/**
 * When a request was refused before its handler ran (validation, body parsing, a missing Idempotency-Key), the
 * session is checked first: without a live one the answer is 401, so nothing about the API's validation is
 * told to someone not signed in. Costs nothing on the happy path (only refusals pay for the check).
 */
export async function sessionRefusal(ctx: AppContext, request: FastifyRequest): Promise<ApiError | null> {
  if (!request.routeOptions.url || !needsSession(request)) return null;
  try {
    await asStaff(ctx, request, 'any', async () => undefined);
    return null;
  } catch (error) {
    return error instanceof ApiError && error.status === 401 ? error : null;
  }
}

/** Fastify's own refusals (body parsing, content type, size), as the project's errors. */
export function fromFastifyError(error: { code?: string; statusCode?: number }): ApiError | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return inputErrors.bodyTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? inputErrors.unsupportedMediaType() : new ApiError(400, 'bad_request', '要求の形式が正しくありません。');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return inputErrors.invalidJson();
    default:
      return null;
  }
}

/** Route patterns seen so far, to tell a wrong method (405) from a path that does not exist (404). */
interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}/?$`);
}

/**
 * Declares in every operation's schema what the door and the handlers can answer, so /openapi.json tells the
 * whole truth: 400 for any input, 401 where a session is needed, 413 and 415 where a body is read, the
 * Idempotency-Key header (and its 422 on reuse, 409 on a duplicate) where a change is made. Statuses a route
 * declares itself stay as it declared them.
 */
function declareRefusals(route: RouteOptions): void {
  const schema = (route.schema ??= {}) as Record<string, unknown> & { response?: Record<string, unknown>; hide?: boolean; security?: unknown[] };
  if (schema.hide) return;
  if ([route.method].flat().some((method) => PUBLIC_OPERATIONS.has(`${method} ${route.url}`))) schema.security = [];
  const response = (schema.response ??= {});
  const add = (status: number) => {
    if (!(status in response)) response[status] = ApiErrorBody;
  };
  const hasInput = Boolean(schema.body || schema.querystring || schema.params || schema.headers);
  const secured = !(Array.isArray(schema.security) && schema.security.length === 0);
  if (secured) add(401);
  if (hasInput || isIdempotent(route)) add(400);
  // A URL (or a path parameter) too long is answered 414 by the door, for any operation.
  add(414);
  // A path parameter's value can leave the URL matching no route (a '/' or '..' in it): no such resource.
  if (schema.params) add(404);
  if (schema.body) {
    add(413);
    add(415);
  }
  if (isIdempotent(route)) {
    schema.headers ??= IdempotencyKeyHeader;
    add(409);
    add(422);
  }
}

/**
 * Body sizes: the server's limit (2 MB, app.ts) is for the two operations that carry much — a tenant's import and a
 * submission with its drawn signature; every other body is a few kilobytes, so it is refused above 64 KB.
 */
export const SMALL_BODY_LIMIT = 64 * 1024;
const LARGE_BODIES: ReadonlySet<string> = new Set(['POST /v1/admin/import', 'POST /v1/visits/:id/submissions']);

export function registerInputDoor(app: FastifyInstance): void {
  registerJsonParser(app);
  const known: KnownRoute[] = [];
  app.addHook('onRoute', (route) => {
    declareRefusals(route);
    if (![route.method].flat().some((method) => LARGE_BODIES.has(`${method} ${route.url}`))) route.bodyLimit ??= SMALL_BODY_LIMIT;
    if (route.url.startsWith('/')) {
      const methods = [route.method].flat();
      const existing = known.find((k) => k.pattern.source === patternOf(route.url).source);
      if (existing) methods.forEach((m) => existing.methods.add(m));
      else known.push({ pattern: patternOf(route.url), methods: new Set(methods) });
    }
  });

  // Before anything is read: a URL too long for any route, and a secured route called without any session.
  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) throw inputErrors.uriTooLong();
    if (request.routeOptions.url && needsSession(request)) {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (!token || !tenantOfToken(token)) throw errors.unauthenticated();
    }
  });

  // Queries and path parameters are text too: no lone surrogate there either.
  app.addHook('preValidation', async (request) => {
    const bad = firstBadText(request.query, 'querystring') ?? firstBadText(request.params, 'params');
    if (bad) throw inputErrors.invalidText(bad);
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    // A path parameter over the router's limit matches no route: say so (414), not "no such function".
    const segments = path.split('/');
    const matches = known.filter((k) => k.pattern.test(path));
    if (segments.some((segment) => segment.length > MAX_PARAM_LENGTH) || path.length > MAX_URL_LENGTH) {
      const error = inputErrors.uriTooLong();
      return reply.code(error.status).send({ code: error.code, message: error.message });
    }
    const allowed = [...new Set(matches.flatMap((k) => [...k.methods]))].sort();
    // The path has routes, but none for this method: 405 with the ones it has. (When the method is among them,
    // a parameter's value kept the router from matching: that is no such resource, a 404.)
    if (allowed.length > 0 && !allowed.includes(request.method)) {
      const error = inputErrors.methodNotAllowed();
      return reply.code(error.status).header('allow', allowed.join(', ')).send({ code: error.code, message: error.message });
    }
    return reply.code(404).send({ code: 'not_found', message: '指定された機能はありません。' });
  });
}

/**
 * Fastify's router refusals (a URL it cannot decode, a path parameter over MAX_PARAM_LENGTH) are answered by
 * Fastify itself with the URL in the message unless this option takes them: the project's shape, no echo.
 */
export function frameworkErrors(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const refusal = error.code === 'FST_ERR_MAX_PARAM_LENGTH' ? inputErrors.uriTooLong() : new ApiError(400, 'bad_url', '要求の URL が正しくありません。');
  reply.code(refusal.status).send({ code: refusal.code, message: refusal.message });
}
