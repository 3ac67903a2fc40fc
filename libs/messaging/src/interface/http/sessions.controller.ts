import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiProblem, CurrentPrincipal, PageRequest } from '@app/platform';
import type { Principal } from '@app/platform';
import { ConfigureSessionSendingCommand } from '../../application/commands/configure-session-sending/configure-session-sending.command';
import { ConnectSessionCommand } from '../../application/commands/connect-session/connect-session.command';
import { RevokeSessionCommand } from '../../application/commands/revoke-session/revoke-session.command';
import { StartOtpSessionCommand } from '../../application/commands/start-otp-session/start-otp-session.command';
import { StartQrSessionCommand } from '../../application/commands/start-qr-session/start-qr-session.command';
import { VerifySessionCommand } from '../../application/commands/verify-session/verify-session.command';
import { GetSessionQuery } from '../../application/queries/get-session/get-session.query';
import { ListMessengersQuery } from '../../application/queries/list-messengers/list-messengers.query';
import { ListSessionsQuery } from '../../application/queries/list-sessions/list-sessions.query';
import { MessengerResponse } from './messenger.response';
import { providerStep } from './provider-step';
import { SessionPageResponse, SessionResponse, sessionResponse } from './session.response';
import { UpdateSessionRequest } from './session-sending.request';
import { ConnectSessionRequest, StartOtpSessionRequest, StartQrSessionRequest, VerifySessionCodeRequest, VerifySessionPasswordRequest } from './sessions.requests';

const NOT_YOURS = "No such session among the caller's (another user's session is not found either).";
const PROVIDER_DOWN = 'The provider could not be reached; try again.';
const NEW_SESSION_400 = 'Invalid body, an unknown messenger, or a messenger connected another way (the detail names the right route).';
const UNAVAILABLE_422 = 'This server cannot open sessions of that messenger: its settings (or SESSION_ENCRYPTION_KEY) are missing; the detail says which.';

@ApiTags('sessions')
@ApiAuthenticated()
@Controller({ path: 'messaging/sessions', version: '1' })
export class SessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get('messengers')
  @ApiOperation({ summary: 'Capability discovery: every messenger this server has, from its descriptor.' })
  @ApiOkResponse({ type: [MessengerResponse] })
  messengers() {
    return this.queries.execute(new ListMessengersQuery());
  }

  @Post('otp')
  @ApiOperation({ summary: 'Connects an account by a login code: the messenger sends the code to the account (Telegram: to its app).' })
  @ApiCreatedResponse({ type: SessionResponse, description: 'The session, pending_code: send the code to POST /v1/messaging/sessions/verify/otp within 5 minutes.' })
  @ApiProblem(400, NEW_SESSION_400)
  @ApiProblem(422, UNAVAILABLE_422)
  @ApiProblem(503, PROVIDER_DOWN)
  async startOtp(@CurrentPrincipal() principal: Principal, @Body() body: StartOtpSessionRequest): Promise<SessionResponse> {
    return sessionResponse(await providerStep(this.commands.execute(new StartOtpSessionCommand(principal.userId, body.messenger, body.phone))));
  }

  @Post('verify/otp')
  @HttpCode(200)
  @ApiOperation({ summary: 'The login code: the session turns active, or pending_password when the account has two-step verification.' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblem(404, NOT_YOURS)
  @ApiProblem(409, 'The session waits for no code (it is active, expired, locked…).')
  @ApiProblem(422, 'A wrong code; the detail says how many attempts are left (the fifth wrong one locks the session).')
  @ApiProblem(503, PROVIDER_DOWN)
  verifyCode(@CurrentPrincipal() principal: Principal, @Body() body: VerifySessionCodeRequest): Promise<SessionResponse> {
    return this.verify(principal, body.session_id, 'code', body.code);
  }

  @Post('verify/opt')
  @HttpCode(200)
  @ApiOperation({ summary: 'Deprecated alias of POST /v1/messaging/sessions/verify/otp (the original playground spelling).', deprecated: true })
  @ApiOkResponse({ type: SessionResponse })
  verifyCodeAlias(@CurrentPrincipal() principal: Principal, @Body() body: VerifySessionCodeRequest): Promise<SessionResponse> {
    return this.verify(principal, body.session_id, 'code', body.code);
  }

  @Post('verify/password')
  @HttpCode(200)
  @ApiOperation({ summary: "The account's two-step verification password, after the code: the session turns active." })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblem(404, NOT_YOURS)
  @ApiProblem(409, 'The session waits for no password.')
  @ApiProblem(422, 'A wrong password; the detail says how many attempts are left.')
  @ApiProblem(503, PROVIDER_DOWN)
  verifyPassword(@CurrentPrincipal() principal: Principal, @Body() body: VerifySessionPasswordRequest): Promise<SessionResponse> {
    return this.verify(principal, body.session_id, 'password', body.password);
  }

  @Post('qr')
  @ApiOperation({ summary: 'Connects an account by QR code: scan qr.image from the phone (or type qr.pairing_code) within 2 minutes.' })
  @ApiCreatedResponse({ type: SessionResponse, description: 'The session, pending_qr; GET it for the current QR code until it is active.' })
  @ApiProblem(400, NEW_SESSION_400)
  @ApiProblem(422, UNAVAILABLE_422)
  @ApiProblem(503, PROVIDER_DOWN)
  async startQr(@CurrentPrincipal() principal: Principal, @Body() body: StartQrSessionRequest): Promise<SessionResponse> {
    return sessionResponse(await providerStep(this.commands.execute(new StartQrSessionCommand(principal.userId, body.messenger))));
  }

  @Post('credentials')
  @ApiOperation({ summary: 'Connects an account by provider credentials, checked at the provider at once with a harmless authenticated call.' })
  @ApiCreatedResponse({ type: SessionResponse, description: 'The session, active.' })
  @ApiProblem(400, `${NEW_SESSION_400} Or a credential field missing, of the wrong type or unknown (the detail names it).`)
  @ApiProblem(422, `The provider refused the credentials (the detail says what it refused). Or: ${UNAVAILABLE_422}`)
  @ApiProblem(503, PROVIDER_DOWN)
  async connect(@CurrentPrincipal() principal: Principal, @Body() body: ConnectSessionRequest): Promise<SessionResponse> {
    return sessionResponse(await providerStep(this.commands.execute(new ConnectSessionCommand(principal.userId, body.messenger, body.credentials))));
  }

  @Get()
  @ApiOperation({ summary: "The caller's sessions, newest first." })
  @ApiOkResponse({ type: SessionPageResponse })
  async list(@CurrentPrincipal() principal: Principal, @Query() page: PageRequest): Promise<SessionPageResponse> {
    const { items, next_cursor } = await this.queries.execute(new ListSessionsQuery(principal.userId, page.cursor ?? null, page.limit ?? 20));
    return { items: await Promise.all(items.map(sessionResponse)), next_cursor };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One session; a pending QR pairing answers its current QR code, or active once the phone scanned it.' })
  @ApiOkResponse({ type: SessionResponse })
  @ApiProblem(404, NOT_YOURS)
  async get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<SessionResponse> {
    return sessionResponse(await this.queries.execute(new GetSessionQuery(principal.userId, id)));
  }

  @Patch(':id')
  @ApiOperation({ summary: "Sets the session's own pace and its fallback session; a field left out stays, null takes the default back." })
  @ApiOkResponse({ type: SessionResponse, description: 'The session, with its pace, fallback and breaker.' })
  @ApiProblem(400, 'Invalid body (the detail names the field), or nothing to change.')
  @ApiProblem(404, `${NOT_YOURS} Also for a fallback_session_id that is none of the caller's sessions.`)
  @ApiProblem(422, 'The fallback is the session itself, or a session of another messenger.')
  async update(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string, @Body() body: UpdateSessionRequest): Promise<SessionResponse> {
    const { pace, fallback_session_id: fallbackSessionId } = body;
    const quietHours = pace?.quiet_hours && { ...pace.quiet_hours };
    const own = pace && { perMinute: pace.per_minute, jitterMs: pace.jitter_ms, dailyCap: pace.daily_cap, quietHours };
    await this.commands.execute(new ConfigureSessionSendingCommand(principal.userId, id, { pace: own, fallbackSessionId }));
    return sessionResponse(await this.queries.execute(new GetSessionQuery(principal.userId, id)));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Logs the account out at the provider (best effort), then the session is revoked.' })
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblem(404, NOT_YOURS)
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.commands.execute(new RevokeSessionCommand(principal.userId, id));
  }

  private async verify(principal: Principal, sessionId: string, step: 'code' | 'password', secret: string): Promise<SessionResponse> {
    return sessionResponse(await providerStep(this.commands.execute(new VerifySessionCommand(principal.userId, sessionId, step, secret))));
  }
}
