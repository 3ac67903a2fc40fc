import { BadRequestException, Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiProblem, ApiProblems, CurrentPrincipal, Public } from '@app/platform';
import type { Principal } from '@app/platform';
import { LogInCommand } from '../../application/commands/log-in/log-in.command';
import { LogOutCommand } from '../../application/commands/log-out/log-out.command';
import { RefreshSessionCommand } from '../../application/commands/refresh-session/refresh-session.command';
import { GetCurrentUserQuery } from '../../application/queries/get-current-user/get-current-user.query';
import { AuthRateLimitGuard } from './auth/auth-rate-limit.guard';
import { CurrentUserResponse } from './current-user.response';
import { LogInRequest } from './log-in.request';
import { RefreshSessionRequest } from './refresh-session.request';
import { TokenPairResponse } from './token-pair.response';

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
  @ApiOperation({ summary: 'Log in: a token pair for an email and password' })
  @ApiOkResponse({ description: 'An access token and a refresh token.', type: TokenPairResponse })
  @ApiProblems(400, 413, 415, 429)
  @ApiProblem(401, 'Wrong email or password (the same answer for both).')
  logIn(@Body() body: LogInRequest): Promise<TokenPairResponse> {
    return this.commands.execute(new LogInCommand(body.username ?? body.email ?? '', body.password));
  }

  @Post('refresh')
  @Public()
  @UseGuards(AuthRateLimitGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Refresh: a new token pair for a refresh token' })
  @ApiOkResponse({ description: 'A new token pair; the refresh token sent is spent.', type: TokenPairResponse })
  @ApiProblems(400, 413, 415, 429)
  @ApiProblem(401, 'An unknown, expired or spent refresh token (a spent one coming back ends the whole session).')
  refresh(@Body() body: RefreshSessionRequest): Promise<TokenPairResponse> {
    return this.commands.execute(new RefreshSessionCommand(body.refresh_token));
  }

  @Post('logout')
  @HttpCode(204)
  @ApiAuthenticated()
  @ApiOperation({ summary: 'Log out: end the session of the access token' })
  @ApiNoContentResponse({ description: 'The session has ended: its access and refresh tokens no longer work.' })
  @ApiProblem(400, 'The credential is an API key, not a login session.')
  async logOut(@CurrentPrincipal() principal: Principal) {
    if (!principal.sessionId) {
      throw new BadRequestException('Log out ends a login session; an API key is revoked with DELETE /v1/users/api-keys/{id}.');
    }
    await this.commands.execute(new LogOutCommand(principal.sessionId));
  }

  @Get('current_user')
  @ApiAuthenticated()
  @ApiOperation({ summary: 'The caller' })
  @ApiOkResponse({ type: CurrentUserResponse })
  currentUser(@CurrentPrincipal() principal: Principal): Promise<CurrentUserResponse> {
    return this.queries.execute(new GetCurrentUserQuery(principal.userId));
  }
}
