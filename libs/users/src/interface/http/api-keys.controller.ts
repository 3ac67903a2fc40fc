import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiNotFoundResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { API_KEY_SECURITY, BEARER_SECURITY, CurrentPrincipal, OAUTH2_SECURITY, PageRequest } from '@app/platform';
import type { Principal } from '@app/platform';
import { CreateApiKeyCommand } from '../../application/commands/create-api-key/create-api-key.command';
import { RevokeApiKeyCommand } from '../../application/commands/revoke-api-key/revoke-api-key.command';
import { ListApiKeysQuery } from '../../application/queries/list-api-keys/list-api-keys.query';
import { CreateApiKeyRequest } from './create-api-key.request';

@ApiTags('api-keys')
@ApiBearerAuth(BEARER_SECURITY)
@ApiSecurity(API_KEY_SECURITY)
@ApiSecurity(OAUTH2_SECURITY)
@Controller({ path: 'users/api-keys', version: '1' })
export class ApiKeysController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiCreatedResponse({ description: 'The key, shown this once: store it now. Send it as X-Api-Key.' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateApiKeyRequest) {
    return this.commands.execute(new CreateApiKeyCommand(principal.userId, body.name));
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() page: PageRequest) {
    return this.queries.execute(new ListApiKeysQuery(principal.userId, page.cursor ?? null, page.limit ?? 20));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNotFoundResponse({ description: 'No such key among the caller\'s.' })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe()) id: string) {
    await this.commands.execute(new RevokeApiKeyCommand(principal.userId, id));
  }
}
