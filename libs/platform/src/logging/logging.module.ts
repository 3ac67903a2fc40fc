import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { PlatformSettings } from '../config/platform.settings';
import { correlationIdOf } from './correlation-id';
import { requestLogLevel } from './request-log-level';

/** JSON logs (pino); every line written while handling a request carries its correlation id as `req.id`. Requests that fail get a line of their own (see `requestLogLevel`). */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      // why: nestjs-pino 4 (the last for Node 20) types these two against Nest 11's ModuleMetadata, which Nest 12's types no longer satisfy.
      imports: [],
      providers: [],
      inject: [PlatformSettings],
      useFactory: (config: PlatformSettings) => ({
        pinoHttp: {
          level: config.logLevel,
          name: config.serviceName,
          genReqId: (req) => correlationIdOf(req),
          customProps: (req) => ({ correlation_id: correlationIdOf(req) }),
          redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'], censor: '***' },
          autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
          customLogLevel: (_req, res, error) => requestLogLevel(res.statusCode, error),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
