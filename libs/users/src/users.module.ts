import { Module } from '@nestjs/common';
import { JwtModule, JwtService } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminEmails } from './application/admin-emails';
import { CreateApiKeyHandler } from './application/commands/create-api-key/create-api-key.handler';
import { LogInHandler } from './application/commands/log-in/log-in.handler';
import { LogOutHandler } from './application/commands/log-out/log-out.handler';
import { PromoteUserHandler } from './application/commands/promote-user/promote-user.handler';
import { RefreshSessionHandler } from './application/commands/refresh-session/refresh-session.handler';
import { RegisterUserHandler } from './application/commands/register-user/register-user.handler';
import { RevokeApiKeyHandler } from './application/commands/revoke-api-key/revoke-api-key.handler';
import { AccessTokenIssuer } from './application/ports/access-token-issuer';
import { ApiKeyRepository } from './application/ports/api-key.repository';
import { AuthSessionRepository } from './application/ports/auth-session.repository';
import { PasswordHasher } from './application/ports/password-hasher';
import { UserReadModel } from './application/ports/user.read-model';
import { UserRepository } from './application/ports/user.repository';
import { AuthenticateApiKeyHandler, AuthenticateSessionHandler } from './application/queries/authenticate/authenticate.handlers';
import { GetCurrentUserHandler } from './application/queries/get-current-user/get-current-user.handler';
import { ListApiKeysHandler } from './application/queries/list-api-keys/list-api-keys.handler';
import { SessionSettings } from './application/session-settings';
import { USERS_ORM_ENTITIES } from './infrastructure/persistence/orm-entities';
import { PrincipalCache } from './infrastructure/persistence/principal-cache';
import { SqlUserReadModel } from './infrastructure/persistence/sql-user.read-model';
import { TypeOrmApiKeyRepository } from './infrastructure/persistence/typeorm-api-key.repository';
import { TypeOrmAuthSessionRepository } from './infrastructure/persistence/typeorm-auth-session.repository';
import { TypeOrmUserRepository } from './infrastructure/persistence/typeorm-user.repository';
import { Argon2PasswordHasher } from './infrastructure/security/argon2-password.hasher';
import { JwtAccessTokenIssuer } from './infrastructure/security/jwt-access-token.issuer';
import { JwtSettings, UsersSettings } from './users.settings';

/** The users context: accounts, logins, API keys. Transport-free; see `UsersHttpModule` for its routes. */
@Module({
  imports: [
    TypeOrmModule.forFeature(USERS_ORM_ENTITIES),
    JwtModule.registerAsync({
      // why: a process that issues no token (the operator CLI) composes no JwtSettings, so it need not hold the secret.
      inject: [{ token: JwtSettings, optional: true }],
      useFactory: (jwt?: JwtSettings) => ({ secret: jwt?.secret, signOptions: { algorithm: 'HS256' } }),
    }),
  ],
  providers: [
    RegisterUserHandler,
    LogInHandler,
    RefreshSessionHandler,
    LogOutHandler,
    CreateApiKeyHandler,
    RevokeApiKeyHandler,
    PromoteUserHandler,
    GetCurrentUserHandler,
    ListApiKeysHandler,
    AuthenticateSessionHandler,
    PrincipalCache,
    AuthenticateApiKeyHandler,
    { provide: UserRepository, useClass: TypeOrmUserRepository },
    { provide: AuthSessionRepository, useClass: TypeOrmAuthSessionRepository },
    { provide: ApiKeyRepository, useClass: TypeOrmApiKeyRepository },
    { provide: UserReadModel, useClass: SqlUserReadModel },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    {
      provide: AccessTokenIssuer,
      inject: [JwtService, UsersSettings],
      useFactory: (jwt: JwtService, settings: UsersSettings) => new JwtAccessTokenIssuer(jwt, settings.accessTokenTtlMs),
    },
    { provide: AdminEmails, inject: [UsersSettings], useFactory: (settings: UsersSettings) => new AdminEmails(settings.adminEmails) },
    { provide: SessionSettings, inject: [UsersSettings], useFactory: (settings: UsersSettings) => new SessionSettings(settings.refreshTokenTtlMs) },
  ],
})
export class UsersModule {}
