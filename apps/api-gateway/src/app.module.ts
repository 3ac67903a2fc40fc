import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AppConfig, PlatformModule } from '@app/platform';
import { HttpRoutesModule } from '@app/composition';
import { AuthenticationGuard } from '@app/users';

/** The HTTP API: the routes of every context, behind one authentication guard. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(config), HttpRoutesModule],
      providers: [{ provide: APP_GUARD, useClass: AuthenticationGuard }],
    };
  }
}
