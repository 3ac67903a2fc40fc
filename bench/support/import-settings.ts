import { envInt } from './cleanup';

/** Rows of the bench's CSV and XLSX files (BENCH_ROWS; 1,000,000 by default, the engine's row limit). */
export const ROWS = envInt('BENCH_ROWS', 1_000_000);
/** Messages of the same-run bench:pipeline ceiling (BENCH_MESSAGES): as many as the rows, up to 200,000. */
export const PIPELINE_MESSAGES = envInt('BENCH_MESSAGES', Math.min(ROWS, 200_000));
// why: pipeline-settings reads BENCH_MESSAGES when it is loaded; this module is loaded first and sets it.
process.env.BENCH_MESSAGES = String(PIPELINE_MESSAGES);
export const IMPORT_TIMEOUT_MS = envInt('BENCH_TIMEOUT_S', 1_800) * 1000;
/** XLSX=0 skips the XLSX run. */
export const XLSX = process.env.BENCH_XLSX !== '0';
