/**
 * `npm run bench:upload` — BENCH_FILE_MIB (1024) MiB of CSV up through POST /v1/files/upload and back down through
 * GET /v1/files/:id/content, on the built api-gateway in a process of its own, once with STORAGE_DRIVER=local and
 * once with STORAGE_DRIVER=s3 on s3rver (a process of its own). Beside each, in the same run, the store's own rate:
 * the same bytes written to the same disk with a bare fs write stream and fsync, and to the same s3rver with a bare
 * sequential multipart upload of the minio client; then read back. The gateway's peak RSS is read from /proc (VmHWM,
 * reset before each transfer). The client generates the bytes and checks the sha256 the gateway reports against
 * the one computed beforehand; BENCH_VERIFY=1 also hashes each download.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { freePort } from '../libs/platform/src/net/free-port';
import { csvPieces, downloadFile, memoryOf, resetPeak, uploadCsv } from '../test/large-files';
import { buildApps, cpuSeconds, ROOT, startApp, summarizeProfiles, waitForOk } from './support/apps';
import { round } from './support/broker';
import { envInt, runBench } from './support/cleanup';
import { HttpClient, signUp } from './support/http';
import { machine, table, writeResults } from './support/results';
import { startS3rverProcess } from './support/s3rver';
import { BENCH_JWT_SECRET, scratchEnvironment } from './support/scratch';

const MiB = 2 ** 20;
const FILE_MIB = envInt('BENCH_FILE_MIB', 1024);
const SIZE = FILE_MIB * MiB;
const VERIFY = process.env.BENCH_VERIFY === '1';
const S3_PART = 8 * MiB;

const rate = (seconds: number) => round(FILE_MIB / seconds, 1);

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; seconds: number }> {
  const started = performance.now();
  const result = await work();
  return { result, seconds: round((performance.now() - started) / 1000, 2) };
}

function expectedSha256(): string {
  const hash = createHash('sha256');
  for (const piece of csvPieces(SIZE)) hash.update(piece);
  return hash.digest('hex');
}

async function rawDisk(dir: string) {
  const path = join(dir, 'raw-disk.bin');
  const write = await timed(async () => {
    const handle = await open(path, 'w');
    const sink = handle.createWriteStream({ autoClose: false, highWaterMark: MiB });
    await pipeline(Readable.from(csvPieces(SIZE)), sink);
    await handle.sync();
    sink.destroy();
    await handle.close();
  });
  const read = await timed(() => pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), createWriteStream('/dev/null')));
  await rm(path);
  return { write_mib_s: rate(write.seconds), write_seconds: write.seconds, read_mib_s: rate(read.seconds), read_seconds: read.seconds, read_note: 'from the page cache, just written' };
}

async function rawS3(client: Awaited<ReturnType<typeof startS3rverProcess>>['client']) {
  await client.makeBucket('raw', 'us-east-1');
  const write = await timed(async () => {
    const uploadId = await client.initiateNewMultipartUpload('raw', 'raw.bin', {});
    const parts: { part: number; etag: string }[] = [];
    let chunks: Buffer[] = [];
    let size = 0;
    const send = async (data: Buffer) => {
      const part = parts.length + 1;
      const { etag } = await client.uploadPart({ bucketName: 'raw', objectName: 'raw.bin', uploadID: uploadId, partNumber: part, headers: { 'Content-Length': data.length } }, data);
      parts.push({ part, etag });
    };
    for (const piece of csvPieces(SIZE)) {
      chunks.push(piece);
      size += piece.length;
      if (size < S3_PART) continue;
      const data = Buffer.concat(chunks);
      await send(data.subarray(0, S3_PART));
      chunks = data.length > S3_PART ? [data.subarray(S3_PART)] : [];
      size -= S3_PART;
    }
    if (size > 0) await send(Buffer.concat(chunks));
    await client.completeMultipartUpload('raw', 'raw.bin', uploadId, parts);
  });
  const read = await timed(async () => pipeline(await client.getObject('raw', 'raw.bin'), createWriteStream('/dev/null')));
  await client.removeObject('raw', 'raw.bin');
  return { write_mib_s: rate(write.seconds), write_seconds: write.seconds, read_mib_s: rate(read.seconds), read_seconds: read.seconds, method: `sequential multipart upload of ${S3_PART / MiB} MiB parts, minio client` };
}

async function throughTheApi(label: string, env: Record<string, string>, sha256: string) {
  const port = await freePort();
  const gateway = startApp('api-gateway', [], { ...env, PORT: String(port), HOST: '127.0.0.1', UPLOAD_MAX_SIZE: `${FILE_MIB + 1}MiB`, LOG_LEVEL: 'warn' });
  await waitForOk(`http://127.0.0.1:${port}/health/ready`, gateway);
  const http = new HttpClient(port, 4);
  const token = (await signUp(http)).headers.authorization.slice('Bearer '.length);
  http.close();
  const warmUp = await uploadCsv(port, token, 8 * MiB, { hash: false });
  await downloadFile(port, token, JSON.parse(warmUp.body).id, { hash: false });
  const pid = gateway.child.pid!;
  const idle = memoryOf(pid);
  const peakReset = resetPeak(pid);
  const cpuBefore = cpuSeconds(pid);
  const upload = await uploadCsv(port, token, SIZE, { hash: false });
  const cpuAfterUpload = cpuSeconds(pid);
  const uploadPeak = memoryOf(pid).peak;
  if (upload.status !== 201) throw new Error(`${label}: the upload answered ${upload.status}: ${upload.body}`);
  const file = JSON.parse(upload.body) as { id: string; size: number; sha256: string };
  if (file.size !== SIZE || file.sha256 !== sha256) throw new Error(`${label}: the gateway stored ${file.size} bytes with sha256 ${file.sha256}, expected ${SIZE} and ${sha256}`);
  resetPeak(pid);
  const download = await downloadFile(port, token, file.id, { hash: VERIFY });
  const cpuAfterDownload = cpuSeconds(pid);
  const downloadPeak = memoryOf(pid).peak;
  if (download.status !== 200 || download.bytes !== SIZE || (VERIFY && download.sha256 !== sha256)) {
    throw new Error(`${label}: the download answered ${download.status} with ${download.bytes} bytes${VERIFY ? `, sha256 ${download.sha256}` : ''}`);
  }
  await gateway.stop();
  return {
    upload_mib_s: rate(upload.seconds),
    upload_seconds: round(upload.seconds, 2),
    download_mib_s: rate(download.seconds),
    download_seconds: round(download.seconds, 2),
    gateway_cpu_seconds: { upload: round(cpuAfterUpload - cpuBefore, 1), download: round(cpuAfterDownload - cpuAfterUpload, 1) },
    gateway_rss_mib: {
      idle_before: round(idle.rss, 0),
      peak_during_upload: round(uploadPeak, 0),
      peak_during_download: round(downloadPeak, 0),
      growth: round(Math.max(uploadPeak, downloadPeak) - idle.rss, 0),
      peak_reset_before_each_transfer: peakReset,
    },
    download_sha256_checked: VERIFY,
  };
}

runBench(async () => {
  const build = buildApps(['api-gateway']);
  const loadAtStart = loadavg().map((value) => round(value, 2));
  console.log(`upload bench: ${FILE_MIB} MiB up and down through the API, local disk and s3rver; load average ${loadAtStart.join(' ')}`);
  const { database, dataDir, versions } = await scratchEnvironment('upload');
  const sha256 = expectedSha256();
  const base = { DATABASE_URL: database.url, JWT_SECRET: BENCH_JWT_SECRET, AUTH_RATE_LIMIT_PER_MINUTE: '1000' };

  const disk = await rawDisk(dataDir);
  console.log(`raw disk: write ${disk.write_mib_s} MiB/s, read ${disk.read_mib_s} MiB/s`);
  const local = await throughTheApi('local', { ...base, DATA_DIR: join(dataDir, 'local') }, sha256);
  console.log(`API, local storage: upload ${local.upload_mib_s} MiB/s, download ${local.download_mib_s} MiB/s, RSS growth ${local.gateway_rss_mib.growth} MiB`);

  const s3rver = await startS3rverProcess();
  const s3 = await rawS3(s3rver.client);
  console.log(`raw s3rver: write ${s3.write_mib_s} MiB/s, read ${s3.read_mib_s} MiB/s`);
  mkdirSync(join(dataDir, 's3'), { recursive: true });
  const s3Env = { STORAGE_DRIVER: 's3', S3_ENDPOINT: '127.0.0.1', S3_PORT: String(s3rver.port), S3_ACCESS_KEY: 'S3RVER', S3_SECRET_KEY: 'S3RVER', S3_BUCKET: 'missive-bench' };
  const api = await throughTheApi('s3', { ...base, ...s3Env, DATA_DIR: join(dataDir, 's3') }, sha256);
  console.log(`API, s3 storage: upload ${api.upload_mib_s} MiB/s, download ${api.download_mib_s} MiB/s, RSS growth ${api.gateway_rss_mib.growth} MiB`);
  await s3rver.stop();
  const profiles = summarizeProfiles();

  const path = writeResults('upload', {
    machine: { ...machine(versions), load_average_at_start: loadAtStart },
    settings: {
      file_mib: FILE_MIB,
      content: 'CSV rows (a 64 KiB block repeated), streamed by the client in 64 KiB chunks as one multipart part',
      apps: 'api-gateway only (built with swc as npm run build), LOG_LEVEL=warn, UPLOAD_MAX_SIZE just above the file',
      build: relative(ROOT, build),
      profiles: profiles ? relative(ROOT, profiles) : 'off (BENCH_PROFILE=1 to profile the gateways)',
      client: 'node:http in the bench process, on the same 2-core box; upload bytes generated, not hashed (the sha256 the gateway reports is checked)',
      s3: 's3rver 3 in its own process, data on the same disk; the gateway uses 8 MiB parts',
    },
    results: {
      local: { raw_disk: disk, api: local, api_vs_raw_write: round(local.upload_mib_s / disk.write_mib_s, 2) },
      s3: { raw_s3rver: s3, api, api_vs_raw_write: round(api.upload_mib_s / s3.write_mib_s, 2) },
    },
  });
  console.log(`\n${FILE_MIB} MiB, ${machine().cores} cores, node ${process.version}\n`);
  console.log(
    table([
      ['MiB/s', 'write / upload', 'read / download', 'gateway peak RSS growth (MiB)'],
      ['raw disk (fs + fsync)', disk.write_mib_s, disk.read_mib_s, ''],
      ['API, local storage', local.upload_mib_s, local.download_mib_s, local.gateway_rss_mib.growth],
      ['raw s3rver (minio client)', s3.write_mib_s, s3.read_mib_s, ''],
      ['API, s3 storage', api.upload_mib_s, api.download_mib_s, api.gateway_rss_mib.growth],
    ]),
  );
  console.log(`results: ${path}`);
});
