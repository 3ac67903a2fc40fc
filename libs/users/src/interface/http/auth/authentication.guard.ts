import { ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { IS_PUBLIC, Principal, REQUIRED_ROLES, Role } from '@app/platform';
import { API_KEY_STRATEGY } from './api-key.strategy';
import { JWT_STRATEGY } from './jwt.strategy';

/** Every route needs a bearer token or an API key unless it is `@Public()`; `@Roles()` narrows it further. */
@Injectable()
export class AuthenticationGuard extends AuthGuard([JWT_STRATEGY, API_KEY_STRATEGY]) {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    await super.canActivate(context);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    const { user } = context.switchToHttp().getRequest<{ user: Principal }>();
    if (roles && !roles.includes(user.role)) throw new ForbiddenException(`This route needs the ${roles.join(' or ')} role.`);
    return true;
  }

  override handleRequest<T>(error: unknown, principal: T, info: unknown): T {
    if (error) throw error;
    if (!principal) throw new UnauthorizedException(reasonOf(info));
    return principal;
  }
}

function reasonOf(info: unknown): string {
  const reasons = (Array.isArray(info) ? info : [info])
    .map((item: { name?: string; message?: string } | undefined) => (item?.name === 'TokenExpiredError' ? 'the access token has expired' : item?.message))
    .filter((message): message is string => !!message && message !== 'No auth token' && message !== 'no X-Api-Key header');
  const why = reasons.length ? `: ${reasons.join('; ')}` : '';
  return `Authentication required: send "Authorization: Bearer <access token>" or "X-Api-Key: <key>"${why}.`;
}
