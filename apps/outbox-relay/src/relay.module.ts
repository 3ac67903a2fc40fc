import { DynamicModule, Module } from '@nestjs/common';
import { OutboxRelayModule, PlatformModule, Settings } from '@app/platform';

/** The outbox relay: platform only, no context code. */
@Module({})
export class RelayModule {
  static forRoot(settings: Settings, options: { loop: boolean }): DynamicModule {
    return { module: RelayModule, imports: [PlatformModule.forRoot(settings), OutboxRelayModule.forRoot('broker', options)] };
  }
}
