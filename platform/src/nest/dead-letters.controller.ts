import { Body, Controller, Get, Headers, HttpException, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { FastifyReply } from 'fastify';
import { IdentityError, identityHeader, verifyIdentity, verifyServiceCredential } from '../auth/gateway-identity.js';
import type { BaseConfig } from '../config/config.js';
import { type DeadLetter, DeadLetterNotFound, type DeadLetterStatus, DiscardReasonRequired, discardDeadLetter, listDeadLetters, replayDeadLetters } from '../messaging/dead-letters.js';
import { type ServiceMessaging, serviceMessagingOf } from './messaging.js';
import { CONFIG } from './tokens.js';

type RequestHeaders = Record<string, string | string[] | undefined>;
const statuses: ReadonlyArray<DeadLetterStatus | 'all'> = ['open', 'replaying', 'replayed', 'discarded', 'all'];
const eventIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The service's dead letters for its operators (ADR 0024): list them with their errors, replay
 * one or all open ones after a fix, discard one with a reason. Answered only to an admin
 * identity signed for this service, or to the gateway's service credential; never cached. A
 * listing names the event (id, type, stream) and the error, never its data.
 */
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(
    @Inject(CONFIG) private readonly config: BaseConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  private caller(headers: RequestHeaders): string {
    const { GATEWAY_SHARED_SECRET: secret, SERVICE_NAME: service } = this.config;
    try {
      if (headers[identityHeader] !== undefined) {
        const identity = verifyIdentity(headers, secret, service);
        if (identity.role !== 'admin') throw new HttpException({ message: `the ${identity.role} role may not handle dead letters; allowed: admin` }, 403);
        return identity.sub;
      }
      const credential = verifyServiceCredential(headers, secret, service);
      if (credential.sub !== 'gateway') throw new HttpException({ message: `${credential.sub} may not handle dead letters` }, 403);
      return `service:${credential.sub}`;
    } catch (error) {
      if (error instanceof IdentityError) throw new HttpException({ message: error.message }, 401);
      throw error;
    }
  }

  private messaging(): ServiceMessaging {
    const messaging = serviceMessagingOf(this.moduleRef);
    if (!messaging) throw new HttpException({ message: 'this service consumes no events' }, 404);
    return messaging;
  }

  @Get()
  async list(
    @Headers() headers: RequestHeaders,
    @Query('status') status: string | undefined,
    @Query('limit') limit: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ deadLetters: DeadLetter[] }> {
    void reply.header('cache-control', 'no-store');
    this.caller(headers);
    if (status !== undefined && !statuses.includes(status as DeadLetterStatus)) throw new HttpException({ message: `status must be one of ${statuses.join(', ')}` }, 400);
    const { pool, schema } = this.messaging();
    return { deadLetters: await listDeadLetters(pool, schema, { status: status as DeadLetterStatus | undefined, limit: limit ? Number(limit) || 100 : 100 }) };
  }

  @Post('replay')
  async replayAll(@Headers() headers: RequestHeaders): Promise<{ replaying: number }> {
    const by = this.caller(headers);
    const { pool, schema } = this.messaging();
    return { replaying: await replayDeadLetters(pool, schema, by, 'all-open') };
  }

  @Post(':consumer/:eventId/replay')
  async replay(@Headers() headers: RequestHeaders, @Param('consumer') consumer: string, @Param('eventId') eventId: string): Promise<{ replaying: number }> {
    const by = this.caller(headers);
    const { pool, schema } = this.messaging();
    return { replaying: await this.found(() => replayDeadLetters(pool, schema, by, { consumer, eventId: this.eventId(eventId) })) };
  }

  @Post(':consumer/:eventId/discard')
  async discard(@Headers() headers: RequestHeaders, @Param('consumer') consumer: string, @Param('eventId') eventId: string, @Body() body: { reason?: unknown } | undefined): Promise<{ discarded: true }> {
    const by = this.caller(headers);
    const { pool, schema } = this.messaging();
    const reason = typeof body?.reason === 'string' ? body.reason : '';
    await this.found(() => discardDeadLetter(pool, schema, by, { consumer, eventId: this.eventId(eventId) }, reason));
    return { discarded: true };
  }

  private eventId(id: string): string {
    if (!eventIdPattern.test(id)) throw new HttpException({ message: 'eventId must be a UUID' }, 400);
    return id;
  }

  private async found<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof DeadLetterNotFound) throw new HttpException({ message: error.message }, 404);
      if (error instanceof DiscardReasonRequired) throw new HttpException({ message: error.message, field: 'reason' }, 400);
      throw error;
    }
  }
}
