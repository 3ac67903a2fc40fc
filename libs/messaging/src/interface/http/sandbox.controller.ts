import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { API_KEY_SECURITY, BEARER_SECURITY, CurrentPrincipal, OAUTH2_SECURITY, PageRequest } from '@app/platform';
import type { Principal } from '@app/platform';
import { ListSandboxDeliveriesQuery } from '../../application/queries/list-sandbox-deliveries/list-sandbox-deliveries.query';

@ApiTags('sandbox')
@ApiBearerAuth(BEARER_SECURITY)
@ApiSecurity(API_KEY_SECURITY)
@ApiSecurity(OAUTH2_SECURITY)
@Controller({ path: 'messaging/sandbox', version: '1' })
export class SandboxController {
  constructor(private readonly queries: QueryBus) {}

  @Get('deliveries')
  @ApiOkResponse({ description: "What the sandbox messenger accepted for the caller, newest first, with how many calls each got." })
  deliveries(@CurrentPrincipal() principal: Principal, @Query() page: PageRequest) {
    return this.queries.execute(new ListSandboxDeliveriesQuery(principal.userId, page.cursor ?? null, page.limit ?? 20));
  }
}
