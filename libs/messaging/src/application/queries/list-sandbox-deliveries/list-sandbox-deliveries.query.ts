import { Query } from '@nestjs/cqrs';
import { Page } from '@app/shared-kernel';
import { SandboxDeliveryView } from './sandbox-delivery.view';

export class ListSandboxDeliveriesQuery extends Query<Page<SandboxDeliveryView>> {
  constructor(
    readonly ownerId: string,
    readonly cursor: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
