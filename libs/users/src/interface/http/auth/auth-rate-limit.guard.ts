import { Injectable } from '@nestjs/common';
import { ThrottlerException, ThrottlerGuard } from '@nestjs/throttler';

/** Login, register and refresh: a per-address budget (`AUTH_RATE_LIMIT_PER_MINUTE`); past it, 429 with `Retry-After`. */
@Injectable()
export class AuthRateLimitGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(): Promise<void> {
    throw new ThrottlerException('Too many attempts from this address; retry after the number of seconds in Retry-After.');
  }
}
