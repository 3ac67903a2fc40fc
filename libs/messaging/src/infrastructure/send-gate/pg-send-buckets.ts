import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BucketGrant, BucketRequest, SendBuckets } from '../../application/ports/send-buckets';
import { updatedOrCreated } from './updated-or-created';

// why: one UPDATE computes the refill since the last reservation, the daily count and the tokens taken, under the
// row's lock, so replicas never read-modify-write; `available` and `granted` are kept so that RETURNING can say them.
const RESERVE = `
  UPDATE messaging.send_buckets b
     SET (tokens, refilled_at, cap_day, used_today, available, granted) = (
       SELECT s.avail - g.n - COALESCE(($6::float8[])[g.n], 0), GREATEST(b.refilled_at, $5::timestamptz), $7::date, s.used + g.n, s.avail, g.n
         FROM (SELECT LEAST($3::float8, b.tokens + $2::float8 * GREATEST(0, EXTRACT(EPOCH FROM ($5::timestamptz - b.refilled_at)) * 1000)) AS avail,
                      CASE WHEN b.cap_day = $7::date THEN b.used_today ELSE 0 END AS used) s,
              LATERAL (SELECT LEAST(cardinality($6::float8[]), GREATEST(0, COALESCE($4::int - s.used, cardinality($6::float8[]))))::int AS n) g)
   WHERE b.session_id = $1
  RETURNING available, granted`;

const CREATE = `INSERT INTO messaging.send_buckets (session_id, tokens, refilled_at)
  SELECT id, $2, $3 FROM messaging.messenger_sessions WHERE id = $1 ON CONFLICT DO NOTHING`;

/** The token buckets in `messaging.send_buckets`, one row a session, each reservation committed on its own. */
@Injectable()
export class PgSendBuckets extends SendBuckets {
  // why: the data source, not the transaction: the bucket's row lock must not last until the caller's transaction ends.
  constructor(private readonly db: DataSource) {
    super();
  }

  async reserve(sessionId: string, { rate, capacity, dailyCap, jitterCosts, at }: BucketRequest): Promise<BucketGrant> {
    const [row] = await updatedOrCreated<{ available: number; granted: number }>(
      this.db,
      RESERVE,
      [sessionId, rate, capacity, dailyCap, at, jitterCosts, at.toISOString().slice(0, 10)],
      CREATE,
      [sessionId, capacity, at],
    );
    // why: a session gone from the table meanwhile has no bucket; its messages fail on their session anyway.
    if (!row) return { available: capacity, granted: jitterCosts.length };
    return { available: Number(row.available), granted: Number(row.granted) };
  }
}
