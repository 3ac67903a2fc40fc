import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, PlatformModule } from '@app/platform';

/** The outbox relay: platform only, no context code. The relay loop itself arrives with the outbox (issue #3). */
@Module({})
export class RelayModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: RelayModule, imports: [PlatformModule.forRoot(config)] };
  }
}
