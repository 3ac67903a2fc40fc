import { Module } from '@nestjs/common';
import { DeadLettersHttpModule } from '@app/platform';
import { FilesHttpModule } from '@app/files';
import { MessagingHttpModule } from '@app/messaging';
import { UsersHttpModule } from '@app/users';
import { ServiceInfoController } from './service-info.controller';

/** The HTTP modules of every context: what the API serves and what its OpenAPI document describes. */
export const HTTP_MODULES = [UsersHttpModule, FilesHttpModule, MessagingHttpModule, DeadLettersHttpModule];

/** The routes of every context, and the service's root document. The app that serves them registers the authentication guard. */
@Module({
  imports: HTTP_MODULES,
  controllers: [ServiceInfoController],
})
export class HttpRoutesModule {}
