import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAuthenticated, ApiProblems, CurrentPrincipal, PageOf, PageRequest } from '@app/platform';
import type { Principal } from '@app/platform';
import { ListSandboxDeliveriesQuery } from '../../application/queries/list-sandbox-deliveries/list-sandbox-deliveries.query';
import { SandboxDeliveryResponse } from './sandbox-delivery.response';

@ApiTags('sandbox')
@ApiAuthenticated()
@Controller({ path: 'messaging/sandbox', version: '1' })
export class SandboxController {
  constructor(private readonly queries: QueryBus) {}

  @Get('deliveries')
  @ApiOperation({ summary: 'What the sandbox messenger accepted for the caller, newest first' })
  @ApiOkResponse({ description: 'With how many calls each message got.', type: PageOf(SandboxDeliveryResponse) })
  @ApiProblems(400)
  deliveries(@CurrentPrincipal() principal: Principal, @Query() page: PageRequest) {
    return this.queries.execute(new ListSandboxDeliveriesQuery(principal.userId, page.cursor ?? null, page.limit ?? 20));
  }
}
