import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import type { Kafka } from 'kafkajs';
import type { Pool } from '../sql/pool.js';
import { healthOf, type HealthReport } from './health.js';
import { serviceMessagingOf } from './messaging.js';
import { KAFKA, PG_POOL } from './tokens.js';

@Controller('health')
export class HealthController {
  constructor(
    @Inject(PG_POOL) private readonly pool: Pool,
    @Inject(KAFKA) private readonly kafka: Kafka | null,
    private readonly moduleRef: ModuleRef,
  ) {}

  @Get()
  async health(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthReport> {
    const report = await healthOf(this.pool, this.kafka, serviceMessagingOf(this.moduleRef));
    void reply.code(report.status === 'ok' ? 200 : 503);
    return report;
  }
}
