import { DomainError } from '@app/shared-kernel';

const UNIQUE_VIOLATION = '23505';

/** A PostgreSQL unique_violation, as pg or TypeORM (its driverError) throws it. */
export interface UniqueViolation {
  /** The constraint or unique index that refused the row. */
  constraint: string | null;
  /** The columns of its key, as PostgreSQL's detail names them. */
  columns: string[];
}

interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
  detail?: unknown;
  driverError?: PgErrorFields;
}

export function uniqueViolationOf(error: unknown): UniqueViolation | null {
  const fields = (error ?? {}) as PgErrorFields;
  const pg = fields.code === UNIQUE_VIOLATION ? fields : fields.driverError?.code === UNIQUE_VIOLATION ? fields.driverError : null;
  if (!pg) return null;
  const key = typeof pg.detail === 'string' ? /^Key \((.+?)\)=/.exec(pg.detail)?.[1] : undefined;
  return {
    constraint: typeof pg.constraint === 'string' ? pg.constraint : null,
    columns: key ? key.split(',').map((column) => column.trim().replace(/^"|"$/g, '')) : [],
  };
}

/** A row that a unique constraint refused, for a context that has no more specific error for it. */
export class AlreadyExists extends DomainError {
  readonly kind = 'conflict';

  // why: the key's values stay out of the message: they may be internal (hashes, storage keys), and the
  // caller knows what they sent. The tenant column says nothing to a client.
  constructor({ columns }: UniqueViolation) {
    const named = columns.filter((column) => column !== 'owner_id').map((column) => column.replace(/_/g, ' '));
    super(named.length ? `Another resource already has this ${named.join(' and ')}.` : 'This resource already exists.');
  }
}
