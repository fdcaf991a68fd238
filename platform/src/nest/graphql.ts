import { Directive, Field, ObjectType } from '@nestjs/graphql';
import { EventContractError } from '@ehr/contracts';
import type { Identity } from '../auth/gateway-identity.js';
import { DomainError } from '../decider/domain-error.js';
import { currentTraceparent } from '../telemetry/trace-context.js';

/** Every subgraph answers a refusal the same way, so the gateway serves one Refusal type. */
@ObjectType({ description: 'A refusal a user can act on: a stable code and a sentence.' })
@Directive('@shareable')
export class Refusal {
  @Field({ description: 'A stable machine code, e.g. BED_OCCUPIED, POTENTIAL_DUPLICATE, ORDER_DISCONTINUED.' }) code!: string;
  @Field() message!: string;
}

/** Expected refusals become typed results; anything else stays a fault. */
export async function orRefusal<T>(work: () => Promise<T>): Promise<T | Refusal> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) return Object.assign(new Refusal(), { code: error.code, message: error.message });
    // Input that breaks an event's schema: say which field, do not fail the request as a fault.
    if (error instanceof EventContractError) return Object.assign(new Refusal(), { code: 'INVALID_INPUT', message: error.message });
    throw error;
  }
}

/**
 * The context recorded on events: who, in which role (from the gateway's identity), and the
 * trace the request belongs to, so one trace runs from the gateway through the store and Kafka.
 */
export const actorOf = (identity: Identity | undefined) => {
  if (!identity) throw new Error('no identity on the request: the access policy verifies it before any resolver runs');
  return { actor: { id: identity.sub, role: identity.role }, traceparent: currentTraceparent() };
};
