import { Query } from '@nestjs/cqrs';
import { Page } from '@app/shared-kernel';
import { ApiKeyView } from './api-key.view';

export class ListApiKeysQuery extends Query<Page<ApiKeyView>> {
  constructor(
    readonly ownerId: string,
    readonly cursor: string | null,
    readonly limit: number,
  ) {
    super();
  }
}
