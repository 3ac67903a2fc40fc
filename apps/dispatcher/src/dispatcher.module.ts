import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, OutboxRelayModule, PlatformModule } from '@app/platform';
import { ConsumersModule } from '@app/composition';

/** The dispatcher: every context's consumers; in direct mode also the relay loop that feeds them. */
@Module({})
export class DispatcherModule {
  static forRoot(config: AppConfig): DynamicModule {
    const relay = config.outboxDispatch === 'direct' ? [OutboxRelayModule.forRoot('direct', { loop: true })] : [];
    return { module: DispatcherModule, imports: [PlatformModule.forRoot(config), ConsumersModule, ...relay] };
  }
}
