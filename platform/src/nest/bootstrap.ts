import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import type { z } from 'zod';
import { type BaseConfig, loadConfigOrExit } from '../config/config.js';
import { createLogger, NestJsonLogger } from '../logging/logger.js';
import { ServiceModule } from './service.module.js';

export interface ServiceDefinition<S extends z.ZodType<BaseConfig>> {
  configSchema: S;
  /** The service's own feature module(s), built once the config is known. */
  modules(config: z.output<S>): Array<Type | DynamicModule>;
  /** Last touches on the HTTP server before it listens (e.g. serving the web app's files). */
  configure?(app: NestFastifyApplication, config: z.output<S>): Promise<void>;
}

/**
 * Starts a service: validated config (a bad value stops the process, naming the key), JSON
 * logs, /health, the service's modules on Fastify, and a graceful stop on SIGTERM/SIGINT.
 */
export async function bootstrapService<S extends z.ZodType<BaseConfig>>(definition: ServiceDefinition<S>): Promise<NestFastifyApplication> {
  const config = loadConfigOrExit(definition.configSchema);
  const logger = createLogger({ service: config.SERVICE_NAME, level: config.LOG_LEVEL });

  @Module({ imports: [ServiceModule.forRoot(config, logger), ...definition.modules(config)] })
  class RootModule {}

  const app = await NestFactory.create<NestFastifyApplication>(RootModule, new FastifyAdapter(), { logger: new NestJsonLogger(logger), bufferLogs: false });
  await definition.configure?.(app, config);
  await app.listen(config.PORT, config.HOST);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      // Finish requests in flight, close pools and consumers, then leave with success.
      void app.close().then(
        () => {
          logger.info({ signal }, 'service stopped');
          logger.flush(() => process.exit(0));
        },
        (error: unknown) => {
          logger.error({ err: error }, 'service did not stop cleanly');
          logger.flush(() => process.exit(1));
        },
      );
    });
  }
  logger.info({ host: config.HOST, port: config.PORT, eventStore: config.EVENT_STORE, transport: config.KAFKA_BROKERS ? 'kafka' : 'embedded' }, 'service started');
  return app;
}
