import { Body, Controller, Get, HttpCode, Inject, NotFoundException, Post, UnauthorizedException } from '@nestjs/common';
import { demoUsers } from './demo-users.js';
import { AuthenticationError, TokenService } from './token-service.js';

/** The development sign-in: demo users and the issuer's public keys. Absent with AUTH_MODE=oidc. */
@Controller('auth')
export class AuthController {
  constructor(@Inject(TokenService) private readonly tokens: TokenService) {}

  @Get('demo-users')
  users() {
    if (!this.tokens.dev) throw new NotFoundException('sign-in is with the hospital identity provider');
    return demoUsers;
  }

  @Get('jwks.json')
  jwks() {
    if (!this.tokens.dev) throw new NotFoundException('the identity provider publishes its own keys');
    return this.tokens.dev.jwks;
  }

  @Post('token')
  @HttpCode(200)
  async token(@Body() body: { username?: unknown }) {
    if (!this.tokens.dev) throw new NotFoundException('sign-in is with the hospital identity provider');
    if (typeof body?.username !== 'string') throw new UnauthorizedException('give a username');
    try {
      return { access_token: await this.tokens.dev.sign(body.username), token_type: 'Bearer', expires_in: 8 * 3600 };
    } catch (error) {
      if (error instanceof AuthenticationError) throw new UnauthorizedException(error.message);
      throw error;
    }
  }
}
