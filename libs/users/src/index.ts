export * from './contracts';
export { USERS_ORM_ENTITIES } from './infrastructure/persistence/orm-entities';
export { PromoteUserCommand } from './application/commands/promote-user/promote-user.command';
export { AuthenticationGuard } from './interface/http/auth/authentication.guard';
export { UsersHttpModule } from './interface/http/users-http.module';
export { UsersModule } from './users.module';
export { JwtSettings, UsersSettings } from './users.settings';
