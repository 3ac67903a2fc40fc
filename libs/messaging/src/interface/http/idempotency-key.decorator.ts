import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ValidationProblem } from '@app/platform';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

const VISIBLE_ASCII = /^[\x21-\x7e]{1,200}$/;

/** The request's Idempotency-Key header: null when absent, a 400 when not 1 to 200 visible ASCII characters. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string | null => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers['idempotency-key'];
  if (value === undefined) return null;
  if (typeof value === 'string' && VISIBLE_ASCII.test(value)) return value;
  throw new ValidationProblem([
    { field: IDEMPOTENCY_KEY_HEADER, messages: [`${IDEMPOTENCY_KEY_HEADER} must be 1 to 200 visible ASCII characters (no spaces)`] },
  ]);
});
