import { BadRequestException, Body, Controller, ForbiddenException, Get, Headers, Inject, Post, Query, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { AuthenticationError, TokenService } from '../auth/token-service.js';
import { type AuditQuery, AuditLog, entriesAsCsv } from './audit-log.js';

const instant = (field: string) => z.iso.datetime({ offset: true, error: `${field} must be an ISO 8601 date-time with its offset, e.g. 2026-03-01T00:00:00Z` }).transform((v) => new Date(v));
const reportQuery = z.object({
  from: instant('from').optional(),
  to: instant('to').optional(),
  format: z.enum(['json', 'csv'], { error: 'format must be json or csv' }).default('json'),
});
const breakTheGlass = z.object({
  patientId: z.string({ error: 'give the patientId' }).trim().min(1, 'give the patientId').max(200, 'patientId is too long'),
  reason: z.string({ error: 'give the reason for emergency access' }).trim().min(10, 'reason must say why, in at least 10 characters').max(1000, 'reason must be at most 1000 characters'),
  minutes: z.number({ error: 'minutes must be a number' }).int('minutes must be whole').min(1, 'minutes must be at least 1').max(240, 'minutes must be at most 240 (4 hours)').default(60),
});
const id = (field: string) => z.string({ error: `give the ${field} to look up` }).trim().min(1, `give the ${field} to look up`).max(200, `${field} is too long`);

/**
 * The privacy office's reports (ONC 170.315(d)(2)-(3)): who touched a patient's record, what one
 * user touched, in a time range, as JSON or CSV; and whether the log is intact. Only the privacy
 * office may read them, and reading them is audited too.
 */
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get('patient-access')
  async patientAccess(@Query() query: Record<string, unknown>, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const parsed = parse(reportQuery.extend({ patientId: id('patientId') }), query);
    return this.report('patientAccess', authorization, { patientId: parsed.patientId, from: parsed.from, to: parsed.to }, parsed.format, reply);
  }

  @Get('user-access')
  async userAccess(@Query() query: Record<string, unknown>, @Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) reply: FastifyReply) {
    const parsed = parse(reportQuery.extend({ userId: id('userId') }), query);
    return this.report('userAccess', authorization, { actorId: parsed.userId, from: parsed.from, to: parsed.to }, parsed.format, reply);
  }

  /**
   * Break-the-glass: anyone signed in may state a reason for time-limited access to one patient.
   * The grant is audited as an emergency access and listed for the privacy office's review.
   */
  @Post('emergency-access')
  async grantEmergencyAccess(@Body() body: unknown, @Headers('authorization') authorization: string | undefined) {
    const identity = await this.verified(authorization);
    const request = parse(breakTheGlass, body ?? {});
    const grant = await this.audit.emergency.grant({ userId: identity.sub, userRole: identity.role, ...request });
    await this.audit.record({
      actorId: identity.sub,
      actorRole: identity.role,
      operationType: 'emergency-access',
      operationName: 'breakTheGlass',
      fields: ['breakTheGlass'],
      patientIds: [request.patientId],
      outcome: 'ok',
      detail: `${request.reason} (until ${grant.expiresAt})`,
      clientAddress: null,
      purpose: 'ETREAT',
      emergencyAccess: true,
    });
    return grant;
  }

  @Get('emergency-access')
  async emergencyAccessForReview(@Query() query: Record<string, unknown>, @Headers('authorization') authorization: string | undefined) {
    const parsed = parse(reportQuery, query);
    await this.privacyOffice(authorization, 'emergencyAccessReview', []);
    return this.audit.emergency.list(parsed.from, parsed.to);
  }

  /** Where the hash chain is broken; `intact` when no entry was changed or removed. */
  @Get('integrity')
  async integrity(@Headers('authorization') authorization: string | undefined) {
    await this.privacyOffice(authorization, 'integrity', []);
    const breaks = await this.audit.chainBreaks();
    return { intact: breaks.length === 0, breaks };
  }

  private async report(operationName: string, authorization: string | undefined, query: AuditQuery, format: 'json' | 'csv', reply: FastifyReply) {
    await this.privacyOffice(authorization, operationName, query.patientId ? [query.patientId] : []);
    const entries = await this.audit.entries(query);
    if (format === 'json') return entries;
    void reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${operationName}.csv"`);
    return entriesAsCsv(entries);
  }

  private async verified(authorization: string | undefined) {
    try {
      return await this.tokens.verify(authorization);
    } catch (error) {
      if (error instanceof AuthenticationError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }

  private async privacyOffice(authorization: string | undefined, operationName: string, patientIds: string[]) {
    const identity = await this.verified(authorization);
    const allowed = identity.role === 'privacy-officer';
    await this.audit.record({
      actorId: identity.sub,
      actorRole: identity.role,
      operationType: 'audit',
      operationName,
      fields: [operationName],
      patientIds,
      outcome: allowed ? 'ok' : 'refused',
      detail: null,
      clientAddress: null,
      purpose: 'HCOMPL',
    });
    if (!allowed) throw new ForbiddenException(`the ${identity.role} role may not read the access log; only the privacy office may`);
  }
}

function parse<T extends z.ZodType>(schema: T, query: unknown): z.output<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}
