import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { OpsServer, OutboxRelayModule, PlatformModule, PlatformSettings, Settings } from '@app/platform';
import { ConsumersModule, HttpRoutesModule } from '@app/composition';
import { AuthenticationGuard } from '@app/users';

/** The three apps in one process: the HTTP API behind its authentication guard, every consumer, and the relay loop that feeds them. */
@Module({})
export class AllInOneModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: AllInOneModule,
      imports: [PlatformModule.forRoot(settings), HttpRoutesModule, ConsumersModule, OutboxRelayModule.forRoot(settings.get(PlatformSettings).outboxDispatch, { loop: true })],
      providers: [{ provide: APP_GUARD, useClass: AuthenticationGuard }, OpsServer],
    };
  }
}
