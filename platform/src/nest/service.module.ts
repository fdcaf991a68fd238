import { type DynamicModule, Global, Module, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { Kafka, logLevel } from 'kafkajs';
import type { Logger } from 'pino';
import { createPool, type Pool } from '../sql/pool.js';
import type { BaseConfig } from '../config/config.js';
import { DeadLettersController } from './dead-letters.controller.js';
import { HealthController } from './health.controller.js';
import { CONFIG, KAFKA, LOGGER, PG_POOL } from './tokens.js';

class PoolCloser implements OnApplicationShutdown {
  constructor(@Inject(PG_POOL) private readonly pool: Pool) {}
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}

/** What every service gets: its config, a PostgreSQL pool, Kafka when configured, the logger, /health, its dead letters. */
@Global()
@Module({})
export class ServiceModule {
  static forRoot(config: BaseConfig, logger: Logger): DynamicModule {
    return {
      module: ServiceModule,
      controllers: [HealthController, DeadLettersController],
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        { provide: PG_POOL, useFactory: () => createPool({ connectionString: config.DATABASE_URL, applicationName: config.SERVICE_NAME }) },
        {
          provide: KAFKA,
          useValue: config.KAFKA_BROKERS
            ? new Kafka({ clientId: config.SERVICE_NAME, brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.WARN, logCreator: () => ({ namespace, level, log }) => logger[level <= logLevel.ERROR ? 'error' : 'warn']({ kafka: namespace }, log.message) })
            : null,
        },
        PoolCloser,
      ],
      exports: [CONFIG, LOGGER, PG_POOL, KAFKA],
    };
  }
}
