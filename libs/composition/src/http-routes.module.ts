import { Module } from '@nestjs/common';
import { DeadLettersHttpModule } from '@app/platform';
import { FilesHttpModule } from '@app/files';
import { ImportingModule } from '@app/importing';
import { MessagingHttpModule } from '@app/messaging';
import { UsersHttpModule } from '@app/users';
import { ServiceInfoController } from './service-info.controller';

/** The HTTP modules of every context: what the API serves and what its OpenAPI document describes. */
// why: importing has no routes of its own (message requests are messaging's), but its commands and queries serve them.
export const HTTP_MODULES = [UsersHttpModule, FilesHttpModule, MessagingHttpModule, ImportingModule, DeadLettersHttpModule];

/** The routes of every context, and the service's root document. The app that serves them registers the authentication guard. */
@Module({
  imports: HTTP_MODULES,
  controllers: [ServiceInfoController],
})
export class HttpRoutesModule {}
