import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Principal, Role } from './principal';

export const IS_PUBLIC = 'missive:public';
export const REQUIRED_ROLES = 'missive:roles';

/** The route needs no credential (register, login, health, docs…). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The route needs one of these roles on top of a credential. */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated caller of the route. */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  return context.switchToHttp().getRequest<{ user: Principal }>().user;
});
