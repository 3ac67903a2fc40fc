import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiProblem, ApiProblems, CurrentPrincipal, PageOf, PageRequest } from '@app/platform';
import type { Principal } from '@app/platform';
import { CreateApiKeyCommand } from '../../application/commands/create-api-key/create-api-key.command';
import { RevokeApiKeyCommand } from '../../application/commands/revoke-api-key/revoke-api-key.command';
import { ListApiKeysQuery } from '../../application/queries/list-api-keys/list-api-keys.query';
import { ApiKeyResponse, CreatedApiKeyResponse } from './api-key.response';
import { CreateApiKeyRequest } from './create-api-key.request';

@ApiTags('api-keys')
@ApiAuthenticated()
@Controller({ path: 'users/api-keys', version: '1' })
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key' })
  @ApiCreatedResponse({ description: 'The key, shown this once: store it now. Send it as X-Api-Key.', type: CreatedApiKeyResponse })
  @ApiProblems(400, 413, 415)
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyRequest) {
    return this.commands.execute(new CreateApiKeyCommand(principal.userId, body.name));
  }

  @Get()
  @ApiOperation({ summary: "The caller's API keys, newest first" })
  @ApiOkResponse({ type: PageOf(ApiKeyResponse) })
  @ApiProblems(400)
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageRequest) {
    return this.queries.execute(new ListApiKeysQuery(principal.userId, page.cursor ?? null, page.limit ?? 20));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key' })
  @ApiNoContentResponse({ description: 'Revoked: the key no longer authenticates.' })
  @ApiProblem(400, 'The id is not a uuid.')
  @ApiProblem(404, "No such key among the caller's.")
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.commands.execute(new RevokeApiKeyCommand(principal.userId, id));
  }
}
