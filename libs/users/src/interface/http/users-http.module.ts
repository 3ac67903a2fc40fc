import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { UsersModule } from '../../users.module';
import { UsersSettings } from '../../users.settings';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeyStrategy } from './auth/api-key.strategy';
import { JwtStrategy } from './auth/jwt.strategy';
import { AuthController } from './auth.controller';
import { UsersController } from './users.controller';

/** The users routes, and the passport strategies behind `AuthenticationGuard`, which the app registers for all its routes. */
@Module({
  imports: [
    UsersModule,
    PassportModule,
    ThrottlerModule.forRootAsync({
      inject: [UsersSettings],
      useFactory: (settings: UsersSettings) => ({ throttlers: [{ name: 'default', ttl: 60_000, limit: settings.authRateLimitPerMinute }] }),
    }),
  ],
  controllers: [UsersController, AuthController, ApiKeysController],
  providers: [JwtStrategy, ApiKeyStrategy],
})
export class UsersHttpModule {}
