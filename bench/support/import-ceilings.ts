import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DEFAULT_TABLE_LIMITS, TabularFileReader } from '../../libs/importing/src';
import { copyLine } from '../../libs/importing/src/infrastructure/persistence/copy-text';
import { uuidV7 } from '../../libs/shared-kernel/src/uuid-v7';
import { round } from './broker';
import { cellsOf } from './import-files';
import { fillQueuedMessages } from './rows';

export interface Rate {
  rows: number;
  seconds: number;
  per_second: number;
}

export function rateOf(rows: number, ms: number): Rate {
  return { rows, seconds: round(ms / 1000, 2), per_second: Math.round(rows / (ms / 1000)) };
}

// why: the same csv-parse options as Missive's reader (csv-table.reader.ts), so the ceiling parses what it parses.
const csvParser = () => parse({ delimiter: ',', relax_column_count: true, skip_empty_lines: true, info: true, from_line: 2 });

/** (c) csv-parse alone: the file read and parsed, each record counted. */
export async function rawParse(csvPath: string): Promise<Rate> {
  const started = performance.now();
  let rows = 0;
  for await (const _record of createReadStream(csvPath).pipe(csvParser())) rows++;
  return rateOf(rows, performance.now() - started);
}

const SCRATCH = 'bench_import_rows';

async function scratchTable(client: Client): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${SCRATCH}`);
  await client.query(`CREATE TABLE ${SCRATCH} (LIKE importing.import_rows INCLUDING ALL)`);
}

async function copyInto(client: Client, lines: Readable): Promise<void> {
  await client.query('BEGIN');
  await pipeline(lines, client.query(copyFrom(`COPY ${SCRATCH} (owner_id, import_id, "row", cells) FROM STDIN`)));
  await client.query('COMMIT');
}

function* copyLines(rows: number, ownerId: string, importId: string): Generator<string> {
  for (let from = 0; from < rows; from += 5_000) {
    let chunk = '';
    for (let i = from; i < Math.min(rows, from + 5_000); i++) chunk += copyLine(ownerId, importId, i + 2, cellsOf(i));
    yield chunk;
  }
}

/**
 * (c) COPY alone: the same rows, rendered as Missive renders them (copyLine), into a table shaped like
 * importing.import_rows (its primary key included), in one COPY and one transaction.
 */
export async function rawCopy(client: Client, rows: number): Promise<Rate> {
  await scratchTable(client);
  const started = performance.now();
  await copyInto(client, Readable.from(copyLines(rows, uuidV7(), uuidV7())));
  const rate = rateOf(rows, performance.now() - started);
  await client.query(`DROP TABLE ${SCRATCH}`);
  return rate;
}

/** (c) parse + COPY pipelined: the file through csv-parse, each record as a COPY line, into the same table. */
export async function rawParseAndCopy(client: Client, csvPath: string): Promise<Rate> {
  await scratchTable(client);
  const ownerId = uuidV7();
  const importId = uuidV7();
  let rows = 0;
  let chunk = '';
  // why: COPY lines gathered into ~64 KiB chunks: one CopyData message a line would make the ceiling the socket's, not COPY's.
  const toCopy = new Transform({
    writableObjectMode: true,
    transform({ record, info }: { record: string[]; info: { lines: number } }, _encoding, done) {
      rows++;
      chunk += copyLine(ownerId, importId, info.lines, record);
      if (chunk.length < 65_536) return done();
      const full = chunk;
      chunk = '';
      done(null, full);
    },
    flush(done) {
      done(null, chunk || undefined);
    },
  });
  const started = performance.now();
  await client.query('BEGIN');
  await pipeline(createReadStream(csvPath), csvParser(), toCopy, client.query(copyFrom(`COPY ${SCRATCH} (owner_id, import_id, "row", cells) FROM STDIN`)));
  await client.query('COMMIT');
  const rate = rateOf(rows, performance.now() - started);
  await client.query(`DROP TABLE ${SCRATCH}`);
  return rate;
}

/**
 * (c) INSERT … SELECT FROM unnest(…) of queued messages: the message row, its `queued` history and its send command
 * in the outbox, 10,000 a transaction (bench/support/rows.ts, as bench:pipeline fills). Removed afterwards.
 */
export async function rawInsertSelect(client: Client, rows: number): Promise<Rate> {
  const ownerId = uuidV7();
  const { ms } = await fillQueuedMessages(client, rows, ownerId);
  await client.query('TRUNCATE messaging.message_events, messaging.messages, platform.outbox');
  return rateOf(rows, ms);
}

/** (c) Missive's own XLSX reader alone (the one it chose: yauzl + saxes, streamed), every row read and counted. */
export async function rawXlsxRead(xlsxPath: string): Promise<Rate> {
  const started = performance.now();
  const table = await new TabularFileReader().open({ content: createReadStream(xlsxPath), fileName: 'bench.xlsx', limits: DEFAULT_TABLE_LIMITS });
  let rows = 0;
  for await (const _row of table.rows) rows++;
  return rateOf(rows, performance.now() - started);
}
