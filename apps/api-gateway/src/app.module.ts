import { DynamicModule, Module } from '@nestjs/common';
import { DeadLettersHttpModule, OpsServer, PlatformModule, Settings } from '@app/platform';
import { FilesHttpModule } from '@app/files';
import { MessagingHttpModule } from '@app/messaging';
import { UsersHttpModule } from '@app/users';
import { ServiceInfoController } from './service-info.controller';

/** The route modules of every context; the OpenAPI document is made of these (and of the health and service routes). */
export const HTTP_MODULES = [UsersHttpModule, FilesHttpModule, MessagingHttpModule, DeadLettersHttpModule];

/** The HTTP API: the routes of every context, behind one authentication guard. */
@Module({})
export class AppModule {
  /** `extra`: what the all-in-one process adds (the consumers and the relay). */
  static forRoot(settings: Settings, extra: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(settings), ...HTTP_MODULES, ...extra],
      controllers: [ServiceInfoController],
      providers: [OpsServer],
    };
  }
}
