import { DynamicModule, Module } from '@nestjs/common';
import { OutboxRelayModule, PlatformModule, PlatformSettings, Settings } from '@app/platform';
import { ConsumersModule } from '@app/composition';

/** The dispatcher: every context's consumers; in direct mode also the relay loop that feeds them. */
@Module({})
export class DispatcherModule {
  static forRoot(settings: Settings): DynamicModule {
    const relay = settings.get(PlatformSettings).outboxDispatch === 'direct' ? [OutboxRelayModule.forRoot('direct', { loop: true })] : [];
    return { module: DispatcherModule, imports: [PlatformModule.forRoot(settings), ConsumersModule, ...relay] };
  }
}
