/**
 * `npm run bench:import` — a message request from a BENCH_ROWS-row (1,000,000) CSV, and the staging of an XLSX of as
 * many rows, through the built apps (broker mode), each phase a ratio to its ceiling measured in the same run:
 *
 * - staged: ÷ raw csv-parse + COPY of the same file (and each alone);
 * - queued (a message + its outbox row per row): ÷ raw INSERT … SELECT FROM unnest of message + history + outbox rows;
 * - delivered to the sandbox: ÷ bench:pipeline's end-to-end rate (its throughput phase, BENCH_MESSAGES messages);
 * - XLSX staged: ÷ Missive's XLSX reader alone;
 * - every app's peak RSS (VmHWM) ≤ 300 MB.
 */
import 'reflect-metadata';
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { IMPORT_TIMEOUT_MS, PIPELINE_MESSAGES, ROWS, XLSX } from './support/import-settings';
import { App, buildApps } from './support/apps';
import { round } from './support/broker';
import { onCleanup, runBench } from './support/cleanup';
import { settle } from './support/database';
import { rawCopy, rawInsertSelect, rawParse, rawParseAndCopy, rawXlsxRead } from './support/import-ceilings';
import { writeCsv, writeXlsx } from './support/import-files';
import { importRun, peakRssMb, startImportApps } from './support/import-run';
import { throughputRun } from './support/pipeline-throughput';
import { machine, table, writeResults } from './support/results';
import { fillQueuedMessages } from './support/rows';
import { scratchEnvironment } from './support/scratch';
import { uuidV7 } from '../libs/shared-kernel/src/uuid-v7';

const RSS_LIMIT_MB = 300;
const ratio = (value: number | undefined | null, ceiling: number) => (value ? round(value / ceiling, 2) : null);

runBench(async () => {
  buildApps(['outbox-relay', 'dispatcher', 'api-gateway']);
  const loadAtStart = loadavg().map((value) => round(value, 2));
  console.log(`import bench: ${ROWS.toLocaleString('en-US')} rows; pipeline ceiling on ${PIPELINE_MESSAGES.toLocaleString('en-US')} messages; load average ${loadAtStart.join(' ')}`);
  const { client, versions, appEnv, dataDir, database } = await scratchEnvironment('import');
  const csvPath = join(dataDir, 'recipients.csv');
  const xlsxPath = join(dataDir, 'recipients.xlsx');
  const csvBytes = await writeCsv(csvPath, ROWS);
  const xlsxBytes = XLSX ? await writeXlsx(xlsxPath, ROWS) : 0;
  onCleanup('remove the bench files', () => {
    rmSync(csvPath, { force: true });
    rmSync(xlsxPath, { force: true });
  });
  console.log(`files: CSV ${(csvBytes / 2 ** 20).toFixed(1)} MiB${XLSX ? `, XLSX ${(xlsxBytes / 2 ** 20).toFixed(1)} MiB` : ''}`);

  console.log('ceilings: csv-parse, COPY, parse + COPY, INSERT … SELECT, XLSX reader…');
  const parse = await rawParse(csvPath);
  const copy = await rawCopy(client, ROWS);
  const parseAndCopy = await rawParseAndCopy(client, csvPath);
  const insertSelect = await rawInsertSelect(client, ROWS);
  const xlsxRead = XLSX ? await rawXlsxRead(xlsxPath) : null;
  await settle(client, ['messaging.messages', 'messaging.message_events', 'platform.outbox']);

  console.log(`ceiling: bench:pipeline's throughput phase, ${PIPELINE_MESSAGES.toLocaleString('en-US')} messages, in a database of its own…`);
  const pipelineEnv = await scratchEnvironment('import-pipeline');
  await fillQueuedMessages(pipelineEnv.client, PIPELINE_MESSAGES, uuidV7());
  await settle(pipelineEnv.client, ['messaging.messages', 'messaging.message_events', 'platform.outbox']);
  const pipelineApps: App[] = [];
  const { throughput: pipeline } = await throughputRun(pipelineEnv.appEnv, pipelineApps, pipelineEnv.client, pipelineEnv.database.name, NaN);
  for (const app of [...pipelineApps].reverse()) await app.stop();

  console.log('Missive: the apps, then the CSV request…');
  const apps: App[] = [];
  const running = await startImportApps(appEnv, apps);
  const csv = await importRun(running, client, csvPath, ROWS, { stopAfterStaging: false });
  console.log('Missive: the XLSX, staged, then cancelled…');
  const xlsx = XLSX ? await importRun(running, client, xlsxPath, ROWS, { stopAfterStaging: true }) : null;
  const rss = Object.fromEntries(apps.map((app) => [app.name, peakRssMb(app.child.pid)]));
  for (const app of [...apps].reverse()) await app.stop();

  const rssOk = Object.values(rss).every((mb) => mb !== null && mb <= RSS_LIMIT_MB);
  const ratios = {
    staged_vs_parse_and_copy: ratio(csv.staging.per_second, parseAndCopy.per_second),
    queued_vs_insert_select: ratio(csv.queued?.per_second, insertSelect.per_second),
    delivered_vs_pipeline: ratio(csv.delivered?.per_second, pipeline.per_second),
    xlsx_staged_vs_reader: xlsx && xlsxRead ? ratio(xlsx.staging.per_second, xlsxRead.per_second) : null,
  };
  const targets = { staged_vs_parse_and_copy: 0.5, queued_vs_insert_select: 0.5, delivered_vs_pipeline: 0.8, xlsx_staged_vs_reader: 0.5 };
  const met = Object.fromEntries(Object.entries(targets).map(([key, target]) => [key, (ratios[key as keyof typeof ratios] ?? (key === 'xlsx_staged_vs_reader' && !XLSX ? Infinity : 0)) >= target]));
  const results = {
    machine: { ...machine(versions), load_average_at_start: loadAtStart },
    settings: {
      rows: ROWS,
      pipeline_messages: PIPELINE_MESSAGES,
      timeout_s: IMPORT_TIMEOUT_MS / 1000,
      files: { csv_bytes: csvBytes, xlsx_bytes: xlsxBytes, columns: 'phone,name,city; each phone distinct; XLSX: phones and names inline strings, header and cities shared strings' },
      apps: 'the built apps (swc), one process each, broker mode, LOG_LEVEL=warn, defaults',
      database: database.name,
    },
    ceilings: { csv_parse: parse, copy, parse_and_copy: parseAndCopy, insert_select_message_history_outbox: insertSelect, xlsx_reader: xlsxRead, pipeline_end_to_end: pipeline },
    missive: { csv, xlsx, peak_rss_mb: rss },
    ratios,
    targets,
    checks: { ...met, peak_rss_within_300_mb: rssOk, csv_every_row_sent_once: csv.ok, xlsx_every_row_staged: xlsx?.ok ?? null },
  };
  const path = writeResults('import', results);
  console.log(`\n${ROWS.toLocaleString('en-US')} rows, ${machine().cores} cores, node ${process.version}\n`);
  console.log(
    table([
      ['figure', 'rows/s', 'ceiling rows/s', 'ratio', 'target'],
      ['ceiling: csv-parse alone', parse.per_second, '', '', ''],
      ['ceiling: COPY alone', copy.per_second, '', '', ''],
      ['CSV staged (vs parse + COPY)', csv.staging.per_second, parseAndCopy.per_second, ratios.staged_vs_parse_and_copy ?? '-', '≥ 0.5'],
      ['messages queued (vs INSERT … SELECT)', csv.queued?.per_second ?? '-', insertSelect.per_second, ratios.queued_vs_insert_select ?? '-', '≥ 0.5'],
      ['delivered to the sandbox (vs bench:pipeline)', csv.delivered?.per_second ?? '-', pipeline.per_second, ratios.delivered_vs_pipeline ?? '-', '≥ 0.8'],
      ['XLSX staged (vs the reader alone)', xlsx?.staging.per_second ?? '-', xlsxRead?.per_second ?? '-', ratios.xlsx_staged_vs_reader ?? '-', '≥ 0.5'],
    ]),
  );
  console.log(`\npeak RSS (MB, limit ${RSS_LIMIT_MB}): ${JSON.stringify(rss)}`);
  console.log(`checks: ${JSON.stringify(results.checks)}`);
  console.log(`results: ${path}`);
  if (!csv.ok || (xlsx && !xlsx.ok)) throw new Error('a count check failed: see the checks above');
});
