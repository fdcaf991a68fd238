import { Args, Context, Field, Int, Mutation, ObjectType, Query, Resolver, createUnionType } from '@nestjs/graphql';
import { Inject } from '@nestjs/common';
import { requireIdentifier, requireText } from '@ehr/contracts';
import { DomainError } from '@ehr/platform';
import { actorOf, Refusal, type RequestWithIdentity } from '@ehr/platform/nest';
import type { AdtApplication } from '../application/adt-application.js';
import { refusing } from './input.js';
import { ADT_APPLICATION } from './tokens.js';

@ObjectType({ description: 'An outbound HL7 message a receiver refused: AE parked, or AR waiting to be retried.' })
export class Hl7Rejection {
  @Field({ description: 'MSH-10, the message control id.' }) controlId!: string;
  @Field({ description: 'e.g. A01, A08' }) triggerEvent!: string;
  @Field({ description: 'AE (parked until resent or discarded) or AR (retried with back-off)' }) ackCode!: string;
  @Field(() => String, { nullable: true, description: "The receiver's reason (MSA-3)." }) reason!: string | null;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true }) nextAttemptAt!: string | null;
  @Field() message!: string;
}

@ObjectType()
export class Hl7MessageHandled {
  @Field() controlId!: string;
  @Field({ description: 'pending (resent) or discarded' }) status!: string;
}
export const Hl7MessageResult = createUnionType({ name: 'Hl7MessageResult', types: () => [Hl7MessageHandled, Refusal] as const });

/** The interface queue: what receivers refused, to send again or discard with a reason. */
@Resolver()
export class Hl7QueueResolver {
  constructor(@Inject(ADT_APPLICATION) private readonly adt: AdtApplication) {}

  @Query(() => [Hl7Rejection], { description: 'Outbound HL7 messages a receiver refused, oldest first.' })
  async hl7Rejections(): Promise<Hl7Rejection[]> {
    const { rows } = await this.adt.pool.query<{ control_id: string; trigger_event: string; ack_code: string; last_error: string | null; attempts: number; next_attempt_at: Date | null; message: string }>(
      `SELECT control_id, trigger_event, ack_code, last_error, attempts, next_attempt_at, message FROM adt.hl7_outbound
        WHERE status = 'rejected' OR (status = 'pending' AND ack_code IN ('AR', 'CR')) ORDER BY seq`,
    );
    return rows.map((r) =>
      Object.assign(new Hl7Rejection(), { controlId: r.control_id, triggerEvent: r.trigger_event, ackCode: r.ack_code, reason: r.last_error, attempts: r.attempts, nextAttemptAt: r.next_attempt_at?.toISOString() ?? null, message: r.message }),
    );
  }

  @Mutation(() => Hl7MessageResult, { description: 'Sends a parked (AE) message again, once the cause is fixed at the receiver.' })
  resendHl7Message(@Args('controlId') controlId: string, @Context('req') req: RequestWithIdentity): Promise<typeof Hl7MessageResult> {
    return this.handle(controlId, req, `status = 'pending', next_attempt_at = NULL`, []);
  }

  @Mutation(() => Hl7MessageResult, { description: 'Gives up on a parked (AE) message; the reason and who discarded it are kept.' })
  discardHl7Message(@Args('controlId') controlId: string, @Args('reason') reason: string, @Context('req') req: RequestWithIdentity): Promise<typeof Hl7MessageResult> {
    return refusing(() => this.handle(controlId, req, `status = 'discarded', discard_reason = $3`, [requireText(reason, 'reason')]));
  }

  private handle(controlId: string, req: RequestWithIdentity, change: string, extra: unknown[]): Promise<typeof Hl7MessageResult> {
    return refusing(async () => {
      const id = requireIdentifier(controlId, 'controlId');
      const { rows } = await this.adt.pool.query<{ status: string }>(
        `UPDATE adt.hl7_outbound SET ${change}, handled_by = $2, handled_at = now() WHERE control_id = $1 AND status = 'rejected' RETURNING status`,
        [id, actorOf(req.identity).actor.id, ...extra],
      );
      if (!rows[0]) throw new DomainError('HL7_MESSAGE_NOT_PARKED', `No parked (AE) message has control id ${id}.`, { controlId: id });
      return Object.assign(new Hl7MessageHandled(), { controlId: id, status: rows[0].status });
    });
  }
}
