import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from '../config/app-config';
import { correlationIdOf } from './correlation-id';

/** JSON logs (pino); every line written while handling a request carries its correlation id as `req.id`. */
@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          name: config.serviceName,
          genReqId: (req) => correlationIdOf(req),
          customProps: (req) => ({ correlation_id: correlationIdOf(req) }),
          redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'], censor: '***' },
          autoLogging: { ignore: (req) => req.url?.startsWith('/health') ?? false },
          customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
        },
      }),
    }),
  ],
})
export class LoggingModule {}
