import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, PlatformModule } from '@app/platform';

/** The dispatcher: the consumers of every context. They arrive with the spine (issue #3). */
@Module({})
export class DispatcherModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: DispatcherModule, imports: [PlatformModule.forRoot(config)] };
  }
}
