import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { HttpException, HttpStatus } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { bootstrapService } from '@ehr/platform/nest';
import { BrowserSessions } from './auth/browser-session.js';
import { gatewayConfigSchema } from './config.js';
import { GatewayModule } from './gateway.module.js';

/** The built screens (web/dist), served from the gateway's own origin. */
const webRoot = process.env.WEB_ROOT ?? join(import.meta.dirname, '..', '..', 'web', 'dist');

/** Answers that carry patient data or credentials: never kept by a browser or a proxy. */
const uncacheable = /^\/(graphql|audit|auth)(\/|\?|$)/;

/** One caller: the bearer token it presents (hashed, never kept), or its address without one. */
const callerOf = (request: FastifyRequest) => {
  const authorization = request.headers.authorization;
  return authorization ? createHash('sha256').update(authorization).digest('base64url') : request.ip;
};

await bootstrapService({
  configSchema: gatewayConfigSchema,
  modules: (config) => [GatewayModule.forRoot(config)],
  configure: async (app, config) => {
    const server = app.getHttpAdapter().getInstance();
    // Routes are registered after this (at listen), so each takes the gateway's body limit.
    server.addHook('onRoute', (route) => {
      route.bodyLimit = config.MAX_REQUEST_BYTES;
    });
    await app.register(fastifyHelmet, {
      contentSecurityPolicy: { directives: { frameAncestors: ["'none'"], upgradeInsecureRequests: null } },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
    });
    // Before the rate limit: a session's requests count against its sign-in, as a bearer token's do.
    await new BrowserSessions(config.GATEWAY_SHARED_SECRET!).install(server);
    await app.register(fastifyRateLimit, {
      max: config.RATE_LIMIT_PER_MINUTE,
      timeWindow: 60_000,
      keyGenerator: callerOf,
      allowList: (request) => !uncacheable.test(request.url),
      // Thrown through Nest's exception filter, which answers only its own exceptions with their status.
      errorResponseBuilder: (_request, context) => new HttpException(`too many requests: at most ${context.max} a minute; try again in ${context.after}`, HttpStatus.TOO_MANY_REQUESTS),
    });
    server.addHook('onSend', async (request, reply) => {
      if (uncacheable.test(request.url)) reply.header('cache-control', 'no-store');
    });
    if (existsSync(webRoot)) await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
  },
});
