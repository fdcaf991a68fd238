import { type CanActivate, type ExecutionContext, ForbiddenException, Inject, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { type Identity, IdentityError, type Role, verifyIdentity } from '../auth/gateway-identity.js';
import type { BaseConfig } from '../config/config.js';
import { CONFIG } from './tokens.js';

const rolesKey = 'ehr:roles';

/** The roles allowed to call a resolver. A resolver without it is refused to everyone. */
export const Roles = (...allowed: Role[]) => SetMetadata(rolesKey, allowed);

export interface RequestWithIdentity {
  headers: Record<string, string | string[] | undefined>;
  identity?: Identity;
}

/**
 * Default deny: every GraphQL operation needs the gateway's signed identity and a role the
 * resolver names. The identity is kept on the request for the resolver (the actor of events).
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(CONFIG) private readonly config: BaseConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType<GqlContextType>() !== 'graphql') return true; // /health and other plain routes
    const request = GqlExecutionContext.create(context).getContext<{ req: RequestWithIdentity }>().req;
    let identity: Identity;
    try {
      identity = verifyIdentity(request.headers, this.config.GATEWAY_SHARED_SECRET);
    } catch (error) {
      if (error instanceof IdentityError) throw new UnauthorizedException(error.message);
      throw error;
    }
    request.identity = identity;
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(rolesKey, [context.getHandler(), context.getClass()]) ?? [];
    if (!allowed.includes(identity.role)) {
      throw new ForbiddenException(`the ${identity.role} role may not ${context.getHandler().name}; allowed: ${allowed.join(', ') || 'nobody'}`);
    }
    return true;
  }
}
