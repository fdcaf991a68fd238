import { Controller, Get, Headers, HttpException, Inject, Param, Res, type Type } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { IdentityError, verifyServiceCredential } from '../auth/gateway-identity.js';
import type { BaseConfig } from '../config/config.js';
import type { EventStore } from '../event-store/event-store.js';
import { CONFIG } from './tokens.js';

export interface StreamVersionOptions {
  /** The aggregate asked about, in the path: `/stream-versions/<aggregate>/<id>`. */
  aggregate: string;
  /** The stream an id names in this service's store, e.g. `encounter-<id>`. */
  streamOf(id: string): string;
  /** The provider holding the service's application, and how to reach its store from it. */
  application: symbol;
  storeOf(application: never): EventStore;
  /** The services (by SERVICE_NAME) that may ask; any other credential is refused. */
  callers: readonly string[];
}

const idPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * How far one of this service's streams has gone: its current version, for a follower that
 * must not decide on a copy older than this service's last answer (ADR 0023). Answered only to
 * a service credential of a listed caller signed for this service; it returns a number, no
 * clinical data, and is never cached.
 */
export function streamVersionController(options: StreamVersionOptions): Type<unknown> {
  @Controller(`stream-versions/${options.aggregate}`)
  class StreamVersionController {
    constructor(
      @Inject(options.application) private readonly application: never,
      @Inject(CONFIG) private readonly config: BaseConfig,
    ) {}

    @Get(':id')
    async version(@Param('id') id: string, @Headers() headers: Record<string, string | string[] | undefined>, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ streamId: string; version: number }> {
      void reply.header('cache-control', 'no-store');
      let caller: string;
      try {
        caller = verifyServiceCredential(headers, this.config.GATEWAY_SHARED_SECRET, this.config.SERVICE_NAME).sub;
      } catch (error) {
        if (error instanceof IdentityError) throw new HttpException({ message: error.message }, 401);
        throw error;
      }
      if (!options.callers.includes(caller)) throw new HttpException({ message: `${caller} may not ask for ${options.aggregate} versions` }, 403);
      if (!idPattern.test(id)) throw new HttpException({ message: `${options.aggregate} id must be a UUID` }, 400);
      const streamId = options.streamOf(id);
      const events = await options.storeOf(this.application).readStream(streamId);
      return { streamId, version: events.at(-1)?.streamVersion ?? 0 };
    }
  }
  return StreamVersionController;
}
