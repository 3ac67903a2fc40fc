import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OpsServer, PlatformModule, Settings } from '@app/platform';
import { HttpRoutesModule } from '@app/composition';
import { AuthenticationGuard } from '@app/users';

/** The API gateway: the routes of every context behind the authentication guard, and /metrics on the operations port. */
@Module({})
export class AppModule {
  /** `extra`: modules a test adds (fakes of a context's ports). */
  static forRoot(settings: Settings, extra: DynamicModule['imports'] = []): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(settings), HttpRoutesModule, ...extra],
      providers: [{ provide: APP_GUARD, useClass: AuthenticationGuard }, OpsServer],
    };
  }
}
