import { BadRequestException, Controller, ForbiddenException, Get, Headers, Inject, Query, Res, UnauthorizedException } from '@nestjs/common';
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

  private async privacyOffice(authorization: string | undefined, operationName: string, patientIds: string[]) {
    let identity;
    try {
      identity = await this.tokens.verify(authorization);
    } catch (error) {
      if (error instanceof AuthenticationError) throw new UnauthorizedException(error.message);
      throw error;
    }
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

function parse<T extends z.ZodType>(schema: T, query: Record<string, unknown>): z.output<T> {
  const parsed = schema.safeParse(query);
  if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}
