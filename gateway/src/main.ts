import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import { bootstrapService } from '@ehr/platform/nest';
import { gatewayConfigSchema } from './config.js';
import { GatewayModule } from './gateway.module.js';

/** The built screens (web/dist), served from the gateway's own origin. */
const webRoot = process.env.WEB_ROOT ?? join(import.meta.dirname, '..', '..', 'web', 'dist');

await bootstrapService({
  configSchema: gatewayConfigSchema,
  modules: (config) => [GatewayModule.forRoot(config)],
  configure: async (app) => {
    if (existsSync(webRoot)) await app.register(fastifyStatic, { root: webRoot, prefix: '/', wildcard: false });
  },
});
