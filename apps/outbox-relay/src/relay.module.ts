import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, OutboxRelayModule, PlatformModule } from '@app/platform';

/** The outbox relay: platform only, no context code. */
@Module({})
export class RelayModule {
  static forRoot(config: AppConfig, options: { loop: boolean }): DynamicModule {
    return { module: RelayModule, imports: [PlatformModule.forRoot(config), OutboxRelayModule.forRoot('broker', options)] };
  }
}
