import { BadRequestException, Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiSecurity, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { API_KEY_SECURITY, BEARER_SECURITY, CurrentPrincipal, OAUTH2_SECURITY, Public } from '@app/platform';
import type { Principal } from '@app/platform';
import { LogInCommand } from '../../application/commands/log-in/log-in.command';
import { LogOutCommand } from '../../application/commands/log-out/log-out.command';
import { RefreshSessionCommand } from '../../application/commands/refresh-session/refresh-session.command';
import { GetCurrentUserQuery } from '../../application/queries/get-current-user/get-current-user.query';
import { AuthRateLimitGuard } from './auth/auth-rate-limit.guard';
import { LogInRequest } from './log-in.request';
import { RefreshSessionRequest } from './refresh-session.request';

@ApiTags('auth')
@Controller({ path: 'users/auth', version: '1' })
export class AuthController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('login')
  @Public()
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(200)
  @ApiConsumes('application/json', 'application/x-www-form-urlencoded')
  @ApiOkResponse({ description: '{access_token, token_type, expires_in, refresh_token}' })
  @ApiUnauthorizedResponse({ description: 'Wrong email or password (the same answer for both).' })
  logIn(@Body() body: LogInRequest) {
    return this.commands.execute(new LogInCommand(body.username ?? body.email ?? '', body.password));
  }

  @Post('refresh')
  @Public()
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(200)
  @ApiOkResponse({ description: 'A new token pair; the refresh token sent is spent.' })
  refresh(@Body() body: RefreshSessionRequest) {
    return this.commands.execute(new RefreshSessionCommand(body.refresh_token));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth(BEARER_SECURITY)
  @ApiSecurity(OAUTH2_SECURITY)
  async logOut(@CurrentPrincipal() principal: Principal) {
    if (!principal.sessionId) {
      throw new BadRequestException('Log out ends a login session; an API key is revoked with DELETE /v1/users/api-keys/{id}.');
    }
    await this.commands.execute(new LogOutCommand(principal.sessionId));
  }

  @Get('current_user')
  @ApiBearerAuth(BEARER_SECURITY)
  @ApiSecurity(API_KEY_SECURITY)
  @ApiSecurity(OAUTH2_SECURITY)
  currentUser(@CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new GetCurrentUserQuery(principal.userId));
  }
}
