import { DynamicModule, Global, Module } from '@nestjs/common';
import { Settings } from './settings';

/** Makes each of the app's validated settings injectable everywhere, by its class. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(settings: Settings): DynamicModule {
    return { module: ConfigModule, providers: settings.providers(), exports: settings.classes() };
  }
}
