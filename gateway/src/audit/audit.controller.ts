import { Controller, ForbiddenException, Get, Headers, Inject, Query, UnauthorizedException, BadRequestException } from '@nestjs/common';
import { AuthenticationError, TokenService } from '../auth/token-service.js';
import { AuditLog } from './audit-log.js';

/** The privacy office's view: who touched a patient's record. Reading it is audited too. */
@Controller('audit')
export class AuditController {
  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(AuditLog) private readonly audit: AuditLog,
  ) {}

  @Get('patient-access')
  async patientAccess(@Query('patientId') patientId: string | undefined, @Headers('authorization') authorization: string | undefined) {
    let identity;
    try {
      identity = await this.tokens.verify(authorization);
    } catch (error) {
      if (error instanceof AuthenticationError) throw new UnauthorizedException(error.message);
      throw error;
    }
    if (!patientId) throw new BadRequestException('give the patientId to look up');
    const allowed = identity.role === 'privacy-officer';
    await this.audit.record({
      actorId: identity.sub,
      actorRole: identity.role,
      operationType: 'audit',
      operationName: 'patientAccess',
      fields: ['patientAccess'],
      patientIds: [patientId],
      outcome: allowed ? 'ok' : 'refused',
      detail: null,
      clientAddress: null,
    });
    if (!allowed) throw new ForbiddenException(`the ${identity.role} role may not read the access log; only the privacy office may`);
    return this.audit.touching(patientId);
  }
}
