import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { Identity, Role } from '../auth/gateway-identity.js';

const rolesKey = 'ehr:roles';

/** The roles allowed to call a resolver. A resolver without it is refused to everyone. */
export const Roles = (...allowed: Role[]) => SetMetadata(rolesKey, allowed);

export interface RequestWithIdentity {
  headers: Record<string, string | string[] | undefined>;
  identity?: Identity;
}

/**
 * Default deny, a second lock behind the access policy (contracts' table, enforced on every
 * field by the subgraph module): a resolver answers only an identity the gateway signed for
 * this subgraph (verified once per request, kept on the request as the actor of events) and
 * only roles it names itself.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true; // /health and other plain routes
    const request = GqlExecutionContext.create(context).getContext<{ req: RequestWithIdentity }>().req;
    const identity = request.identity;
    if (!identity) throw new UnauthorizedException('the request carries no identity from the gateway');
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(rolesKey, [context.getHandler(), context.getClass()]) ?? [];
    if (!allowed.includes(identity.role)) {
      throw new ForbiddenException(`the ${identity.role} role may not ${context.getHandler().name}; allowed: ${allowed.join(', ') || 'nobody'}`);
    }
    return true;
  }
}
