import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule, getDataSourceToken } from '@nestjs/typeorm';
import { ClsModule } from 'nestjs-cls';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { PlatformSettings } from '../config/platform.settings';
import { correlationIdOf } from '../logging/correlation-id';
import { dataSourceOptions } from './data-source-options';

/**
 * TypeORM on PostgreSQL, and the request context (CLS) that carries the correlation id and the
 * current transaction: `@Transactional()` handlers and adapters using `TransactionHost` share one.
 */
@Module({})
export class PersistenceModule {
  static forRoot(): DynamicModule {
    return {
      module: PersistenceModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [PlatformSettings],
          useFactory: (config: PlatformSettings) => ({
            ...dataSourceOptions(config.databaseUrl, config.databasePoolSize),
            autoLoadEntities: true,
            retryAttempts: 3,
          }),
        }),
        ClsModule.forRoot({
          global: true,
          middleware: { mount: true, generateId: true, idGenerator: (req) => correlationIdOf(req) },
          plugins: [
            new ClsPluginTransactional({
              imports: [TypeOrmModule],
              adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: getDataSourceToken() }),
              enableTransactionProxy: false,
            }),
          ],
        }),
      ],
    };
  }
}
