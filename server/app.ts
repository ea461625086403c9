import swagger from '@fastify/swagger';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { adminRoutes } from './routes/admin';
import { auditRoutes } from './routes/audit';
import { authRoutes } from './routes/auth';
import { handoffRoutes } from './routes/handoffs';
import { residentRoutes } from './routes/residents';
import { securityRoutes } from './routes/security';
import { visitRoutes } from './routes/visits';
import type { AppContext } from './http/context';
import { sqlState } from './db/database';
import { ApiError, errors, fromSqlState } from './http/errors';
import { frameworkErrors, fromFastifyError, registerInputDoor, sessionRefusal } from './http/input';

export interface BuildOptions {
  /** Where the JSON log lines go (tests capture them to prove no secret or personal data is logged). */
  logStream?: Writable;
  logLevel?: string;
}

/**
 * The cloud backend as a Fastify app. Routes validate with the zod schemas of shared/api, and the same
 * schemas generate /openapi.json. Logs carry the request id, method, route pattern and status — never the
 * URL (a search query is personal data), headers or bodies.
 */
export async function buildApp(ctx: AppContext, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      ...(options.logStream ? { stream: options.logStream } : {}),
      serializers: {
        req: (request: { method: string; id: string; routeOptions?: { url?: string } }) => ({
          id: request.id,
          method: request.method,
          route: request.routeOptions?.url,
        }),
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
    },
    bodyLimit: 2 * 1024 * 1024,
    // The router's own refusals (bad URL encoding, a path parameter over its limit) in the project's shape.
    frameworkErrors,
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Madoguchi cloud backend', version: '1.0.0', description: '自治体クラウド one-stop counter backend' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });

  registerInputDoor(app);

  const send = (reply: FastifyReply, error: ApiError) =>
    reply.code(error.status).send({ code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) });
  app.setErrorHandler(async (error, request, reply) => {
    // Refused before the handler checked the session (validation, body parsing, a missing Idempotency-Key):
    // without a live session the answer is 401, whatever else was wrong.
    const beforeHandler = !(error instanceof ApiError) || error.code === 'idempotency_key_required' || ['invalid_json', 'json_too_deep', 'invalid_request', 'body_too_large', 'unsupported_media_type'].includes(error.code);
    if (beforeHandler && !(error instanceof ApiError && error.status === 401)) {
      const refusal = await sessionRefusal(ctx, request);
      if (refusal) return send(reply, refusal);
    }
    if (error instanceof ApiError) return send(reply, error);
    if (hasZodFastifySchemaValidationErrors(error)) {
      // The Idempotency-Key header is declared in the schema (so /openapi.json shows it); its absence keeps its own code.
      if (error.validationContext === 'headers') return send(reply, errors.idempotencyKeyRequired());
      // Field paths only: the rejected values may be personal data.
      const fields = [...new Set(error.validation.map((issue) => `${error.validationContext ?? 'request'}${issue.instancePath.replace(/\//g, '.')}`))];
      return reply.code(400).send({ code: 'invalid_request', message: '入力内容に誤りがあります。項目を確認してください。', details: { fields } });
    }
    const fastifyRefusal = fromFastifyError(error as { code?: string });
    if (fastifyRefusal) return send(reply, fastifyRefusal);
    const mapped = fromSqlState(sqlState(error));
    if (mapped) return send(reply, mapped);
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      return reply.code(status).send({ code: 'bad_request', message: '要求の形式が正しくありません。' });
    }
    request.log.error({ err: { type: (error as Error).name, code: (error as { code?: string }).code } }, 'request failed');
    return reply.code(500).send({ code: 'internal', message: 'サーバーで問題が発生しました。入力内容は送信されていません。しばらくしてから再度お試しください。' });
  });

  app.get('/healthz', { schema: { tags: ['ops'], summary: 'Liveness and database reachability', security: [], response: { 200: z.object({ ok: z.boolean(), database: z.string() }) } } }, async () => {
    await ctx.db.transaction(null, (sql) => sql.query('SELECT 1'));
    return { ok: true, database: ctx.db.kind };
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  authRoutes(app, ctx);
  residentRoutes(app, ctx);
  visitRoutes(app, ctx);
  handoffRoutes(app, ctx);
  auditRoutes(app, ctx);
  adminRoutes(app, ctx);
  securityRoutes(app, ctx);
  return app;
}
