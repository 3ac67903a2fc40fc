import { Provider } from '@nestjs/common';
import { Test, TestingModule } from '@nestjs/testing';
import { ClsModule } from 'nestjs-cls';
import { ClsPluginTransactional, NoOpTransactionalAdapter } from '@nestjs-cls/transactional';

/** A Nest module for a handler spec: its providers (fakes from `testing/`), and `@Transactional()` as a no-op. */
export function handlerTestingModule(providers: Provider[]): Promise<TestingModule> {
  return Test.createTestingModule({
    imports: [
      ClsModule.forRoot({
        plugins: [new ClsPluginTransactional({ adapter: new NoOpTransactionalAdapter({ tx: {}, disableWarning: true }) })],
      }),
    ],
    providers,
  }).compile();
}
