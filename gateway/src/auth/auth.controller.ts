import { BadRequestException, Body, Controller, Delete, Get, HttpCode, Inject, NotFoundException, Post, Req, Res, UnauthorizedException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CONFIG } from '@ehr/platform/nest';
import type { GatewayConfig } from '../config.js';
import { BrowserSessions } from './browser-session.js';
import { demoUsers } from './demo-users.js';
import { AuthenticationError, ClientCredentialsError, type DevIssuer, TokenService } from './token-service.js';

interface TokenRequest {
  username?: unknown;
  grant_type?: unknown;
  client_id?: unknown;
  client_secret?: unknown;
  scope?: unknown;
}

/**
 * Sign-in. The screens' session (a cookie, see browser-session.ts) opens from a token of the
 * identity provider, or in development from a demo user's name. The development issuer itself:
 * demo users, demo system clients (OAuth 2.0 client credentials) and its public keys, absent
 * unless AUTH_MODE=dev: in production the identity provider issues tokens.
 */
@Controller('auth')
export class AuthController {
  private readonly sessions: BrowserSessions;

  constructor(
    @Inject(TokenService) private readonly tokens: TokenService,
    @Inject(CONFIG) private readonly config: GatewayConfig,
  ) {
    this.sessions = new BrowserSessions(config.GATEWAY_SHARED_SECRET!, { secureCookies: config.NODE_ENV === 'production' });
  }

  private issuer(): DevIssuer {
    if (!this.tokens.dev) throw new NotFoundException('sign-in is with the hospital identity provider');
    return this.tokens.dev;
  }

  @Get('demo-users')
  users() {
    this.issuer();
    return demoUsers;
  }

  @Get('jwks.json')
  jwks() {
    if (!this.tokens.dev) throw new NotFoundException('the identity provider publishes its own keys');
    return this.tokens.dev.jwks;
  }

  /**
   * Opens the screens' session: with `Authorization: Bearer` a token of the identity provider,
   * or (development) `{ username }` of a demo user. Answers who signed in, the CSRF token to send,
   * and how long the screens may sit untouched before they lock.
   */
  @Post('session')
  @HttpCode(200)
  async openSession(@Body() body: TokenRequest | undefined, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    let token = request.headers.authorization?.startsWith('Bearer ') ? request.headers.authorization.slice('Bearer '.length) : null;
    if (!token) {
      if (typeof body?.username !== 'string') throw new UnauthorizedException('give a token of the identity provider (Authorization: Bearer) or, in development, a username');
      token = await this.signUser(body.username);
    }
    const identity = await this.tokens.verify(`Bearer ${token}`).catch((error: unknown) => {
      throw new UnauthorizedException(error instanceof Error ? error.message : 'the token was refused');
    });
    if (identity.scopes) throw new BadRequestException('a system client’s token opens no browser session: send it as a bearer token');
    return { username: identity.sub, name: identity.name ?? identity.sub, role: identity.role, idleSeconds: this.config.SESSION_IDLE_SECONDS, ...this.sessions.open(request, reply, token) };
  }

  /** Signs the screens out in this browser. */
  @Delete('session')
  @HttpCode(204)
  closeSession(@Res({ passthrough: true }) reply: FastifyReply) {
    this.sessions.close(reply);
  }

  @Post('token')
  @HttpCode(200)
  async token(@Body() body: TokenRequest | undefined) {
    const issuer = this.issuer();
    if (body?.grant_type === 'client_credentials') {
      if (typeof body.client_id !== 'string' || typeof body.client_secret !== 'string') throw new UnauthorizedException({ error: 'invalid_client', error_description: 'give client_id and client_secret' });
      if (body.scope !== undefined && typeof body.scope !== 'string') throw new BadRequestException({ error: 'invalid_scope', error_description: 'scope must be a space-separated string' });
      try {
        const { token, scope } = await issuer.signClient(body.client_id, body.client_secret, body.scope);
        return { access_token: token, token_type: 'Bearer', expires_in: 3600, scope };
      } catch (error) {
        if (!(error instanceof ClientCredentialsError)) throw error;
        const answer = { error: error.error, error_description: error.message };
        throw error.error === 'invalid_client' ? new UnauthorizedException(answer) : new BadRequestException(answer);
      }
    }
    if (typeof body?.username !== 'string') throw new UnauthorizedException('give a username, or grant_type=client_credentials with a client_id and client_secret');
    return { access_token: await this.signUser(body.username), token_type: 'Bearer', expires_in: 8 * 3600 };
  }

  private async signUser(username: string): Promise<string> {
    try {
      return await this.issuer().signUser(username);
    } catch (error) {
      if (error instanceof AuthenticationError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
