import { BadRequestException, Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, UnauthorizedException } from '@nestjs/common';
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
 * The development sign-in: demo users, demo system clients (OAuth 2.0 client credentials) and the
 * issuer's public keys. Absent unless AUTH_MODE=dev: in production the identity provider issues tokens.
 */
@Controller('auth')
export class AuthController {
  constructor(@Inject(TokenService) private readonly tokens: TokenService) {}

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
    try {
      return { access_token: await issuer.signUser(body.username), token_type: 'Bearer', expires_in: 8 * 3600 };
    } catch (error) {
      if (error instanceof AuthenticationError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
