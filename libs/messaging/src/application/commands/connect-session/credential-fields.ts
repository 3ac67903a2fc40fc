import { DomainError } from '@app/shared-kernel';
import { CredentialField } from '../../ports/messenger-descriptor';

export class InvalidCredentials extends DomainError {
  readonly kind = 'invalid';
  constructor(readonly problems: { field: string; message: string }[]) {
    super(problems.map((problem) => problem.message).join('; '));
  }
}

const TYPE_CHECK: Record<CredentialField['type'], (value: unknown) => boolean> = {
  string: (value) => typeof value === 'string' && value.trim() !== '',
  integer: (value) => Number.isInteger(value),
  boolean: (value) => typeof value === 'boolean',
};
const NAMED: Record<CredentialField['type'], string> = { string: 'a non-empty string', integer: 'a whole number', boolean: 'true or false' };

/** The credentials as the descriptor's fields say: each required one present, each of its type, no other; `InvalidCredentials` naming the fields otherwise. */
export function checkCredentials(fields: readonly CredentialField[], credentials: Record<string, unknown>): Record<string, unknown> {
  const problems = fields.flatMap(({ name, type, required }) => {
    const value = credentials[name];
    if (value === undefined || value === null) return required ? [{ field: `credentials.${name}`, message: `credentials.${name} is required` }] : [];
    return TYPE_CHECK[type](value) ? [] : [{ field: `credentials.${name}`, message: `credentials.${name} must be ${NAMED[type]}` }];
  });
  const known = new Set(fields.map((field) => field.name));
  for (const name of Object.keys(credentials)) {
    if (!known.has(name)) problems.push({ field: `credentials.${name}`, message: `credentials.${name} is not a field of this messenger's credentials` });
  }
  if (problems.length) throw new InvalidCredentials(problems);
  return Object.fromEntries(fields.filter(({ name }) => credentials[name] !== undefined && credentials[name] !== null).map(({ name }) => [name, credentials[name]]));
}
