import { ForbiddenException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { DomainError } from '@app/shared-kernel';
import { QueryFailedError } from 'typeorm';
import { toProblem } from './problem-details.filter';
import { ValidationProblem } from './validation.problem';

class MessageTooLong extends DomainError {
  readonly kind = 'invalid';
}
class SessionExpired extends DomainError {
  readonly kind = 'unauthenticated';
}
class NotTheOwner extends DomainError {
  readonly kind = 'forbidden';
}
class ConversationNotFound extends DomainError {
  readonly kind = 'not-found';
}
class MessageAlreadySent extends DomainError {
  readonly kind = 'conflict';
}
class UploadTooLarge extends DomainError {
  readonly kind = 'too-large';
}
class TypeNotAllowed extends DomainError {
  readonly kind = 'unsupported-type';
}
class RangeOutside extends DomainError {
  readonly kind = 'range-not-satisfiable';
}
class Recipient2Unreachable extends DomainError {
  readonly kind = 'unprocessable';
}

const frameworkError = (message: string, extra: Record<string, unknown>) => Object.assign(new Error(message), extra);

describe('toProblem', () => {
  it.each([
    ['invalid', new MessageTooLong('The message is too long.'), 400, 'Bad Request', 'message_too_long'],
    ['unauthenticated', new SessionExpired('The session expired.'), 401, 'Unauthorized', 'session_expired'],
    ['forbidden', new NotTheOwner('Not yours.'), 403, 'Forbidden', 'not_the_owner'],
    ['not-found', new ConversationNotFound('No conversation c-1.'), 404, 'Not Found', 'conversation_not_found'],
    ['conflict', new MessageAlreadySent('Already sent.'), 409, 'Conflict', 'message_already_sent'],
    ['too-large', new UploadTooLarge('The file is over 100 MiB.'), 413, 'Payload Too Large', 'upload_too_large'],
    ['unsupported-type', new TypeNotAllowed('Files of type x are not accepted.'), 415, 'Unsupported Media Type', 'type_not_allowed'],
    ['range-not-satisfiable', new RangeOutside('The range starts past the end.'), 416, 'Range Not Satisfiable', 'range_outside'],
    ['unprocessable', new Recipient2Unreachable('Cannot reach them.'), 422, 'Unprocessable Entity', 'recipient2_unreachable'],
  ])('maps a domain error of kind %s to %i with its snake_case code', (_kind, error, status, title, code) => {
    expect(toProblem(error)).toEqual({ type: 'about:blank', title, status, detail: error.message, code });
  });

  it('reports each invalid field of a ValidationProblem', () => {
    const errors = [
      { field: 'email', messages: ['email must be a valid email address'] },
      { field: 'password', messages: ['password is too short', 'password is too weak'] },
    ];

    const body = toProblem(new ValidationProblem(errors));

    expect(body).toMatchObject({ status: 400, title: 'Bad Request', code: 'validation_failed', errors });
    expect(body.detail).toContain('email must be a valid email address');
  });

  it.each([
    ['ForbiddenException', new ForbiddenException('x'), 403, 'x'],
    ['NotFoundException', new NotFoundException('Cannot GET /nowhere'), 404, 'Cannot GET /nowhere'],
    ['PayloadTooLargeException', new PayloadTooLargeException(), 413, 'Payload Too Large'],
  ])('keeps the status and message of a %s', (_name, error, status, detail) => {
    expect(toProblem(error)).toMatchObject({ status, detail });
  });

  it('joins the messages of an HttpException carrying a list', () => {
    expect(toProblem(new ForbiddenException({ message: ['first', 'second'] })).detail).toBe('first; second');
  });

  it('keeps the 4xx status, message and code of a framework error', () => {
    const error = frameworkError('Request body is too large', { statusCode: 413, code: 'FST_ERR_CTP_BODY_TOO_LARGE' });

    expect(toProblem(error)).toEqual({
      type: 'about:blank',
      title: 'Payload Too Large',
      status: 413,
      detail: 'Request body is too large',
      code: 'FST_ERR_CTP_BODY_TOO_LARGE',
    });
  });

  describe('a unique violation (23505) that no domain error caught', () => {
    const INSERT = 'INSERT INTO messaging.messages (owner_id, idempotency_key, request_hash) VALUES ($1, $2, $3)';
    const pgError = (detail: string) =>
      Object.assign(new Error('duplicate key value violates unique constraint "messages_owner_idempotency_key_unique"'), {
        code: '23505',
        constraint: 'messages_owner_idempotency_key_unique',
        detail,
        schema: 'messaging',
        table: 'messages',
      });

    it.each([
      ['as pg throws it', pgError('Key (owner_id, idempotency_key)=(0193…, key-1) already exists.')],
      ['wrapped by TypeORM', new QueryFailedError(INSERT, ['0193…', 'key-1', 'h'], pgError('Key (owner_id, idempotency_key)=(0193…, key-1) already exists.'))],
    ])('answers 409 naming what is taken, %s, without leaking SQL or values', (_case, error) => {
      const body = toProblem(error);

      expect(body).toEqual({
        type: 'about:blank',
        title: 'Conflict',
        status: 409,
        detail: 'Another resource already has this idempotency key.',
        code: 'already_exists',
      });
      expect(JSON.stringify(body)).not.toMatch(/INSERT|messages_owner|key-1|owner/);
    });

    it('answers 409 when PostgreSQL names no key', () => {
      expect(toProblem(Object.assign(new Error('duplicate key'), { code: '23505' }))).toMatchObject({ status: 409, detail: 'This resource already exists.' });
    });

    it('leaves any other database error a 500', () => {
      expect(toProblem(Object.assign(new Error('deadlock detected'), { code: '40P01' })).status).toBe(500);
    });
  });

  it('answers 500 to an unexpected error without leaking its message', () => {
    const body = toProblem(new Error('secret internals'));

    expect(body).toMatchObject({ status: 500, title: 'Internal Server Error' });
    expect(JSON.stringify(body)).not.toContain('secret internals');
  });

  it('treats a framework error with a 5xx status as unexpected', () => {
    const body = toProblem(frameworkError('connection to 10.0.0.5 refused', { statusCode: 503 }));

    expect(body.status).toBe(500);
    expect(JSON.stringify(body)).not.toContain('10.0.0.5');
  });

  it.each([
    ['a string', 'boom'],
    ['null', null],
    ['a status code that is not a number', frameworkError('internal', { statusCode: '404' })],
  ])('answers 500 to %s', (_case, thrown) => {
    expect(toProblem(thrown).status).toBe(500);
  });
});
