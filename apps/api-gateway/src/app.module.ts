import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, PlatformModule } from '@app/platform';
import { UsersHttpModule } from '@app/users';
import { ServiceInfoController } from './service-info.controller';

/** The HTTP API: the routes of every context, behind one authentication guard. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppModule, imports: [PlatformModule.forRoot(config), UsersHttpModule], controllers: [ServiceInfoController] };
  }
}
