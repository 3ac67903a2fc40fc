import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runApp, Running, waitForOk, within } from '../../../test/process';
import { downloadFile, memoryOf, mib, resetPeak, uploadCsv } from '../../../test/large-files';

const MiB = 2 ** 20;
const DATABASE_URL = process.env.MISSIVE_TEST_DATABASE_URL;
const PASSWORD = 'correct-Horse-battery-9';

/** Large files through the built api-gateway in a process of its own, so that its memory can be read from /proc. */
describe('large files through the api-gateway process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'missive-large-files-'));
  let gateway: Running;
  let port: number;
  let token: string;

  beforeAll(async () => {
    port = await freePort();
    gateway = runApp('api-gateway', [], {
      DATABASE_URL,
      JWT_SECRET: 'large-files-secret-at-least-32-characters',
      PORT: String(port),
      OPS_PORT: '0',
      DATA_DIR: dataDir,
      UPLOAD_MAX_SIZE: '210MiB',
      LOG_LEVEL: 'warn',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    });
    await waitForOk(`http://127.0.0.1:${port}/health/ready`, gateway);
    const email = `large-${Date.now().toString(36)}@example.com`;
    const post = (path: string, body: unknown) =>
      fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('/v1/users', { email, password: PASSWORD });
    token = (await (await post('/v1/users/auth/login', { email, password: PASSWORD })).json()).access_token;
  }, 60_000);

  afterAll(async () => {
    gateway?.child.kill('SIGTERM');
    if (gateway) await within(gateway.exited, 15_000, 'stopping the gateway');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes and gives back 200 MiB with the same sha256, its resident memory growing by less than 100 MiB', async () => {
    const warmUp = await uploadCsv(port, token, 4 * MiB);
    expect((await downloadFile(port, token, JSON.parse(warmUp.body).id)).bytes).toBe(4 * MiB);
    const pid = gateway.child.pid!;
    const before = memoryOf(pid);
    const peakReset = resetPeak(pid);

    const upload = await uploadCsv(port, token, 200 * MiB);
    const file = JSON.parse(upload.body);
    const metadata = await (await fetch(`http://127.0.0.1:${port}/v1/files/${file.id}`, { headers: { authorization: `Bearer ${token}` } })).json();
    const download = await downloadFile(port, token, file.id);
    const after = memoryOf(pid);

    expect(upload.status).toBe(201);
    expect(file).toMatchObject({ size: 200 * MiB, content_type: 'text/csv', sha256: upload.sha256 });
    expect(metadata).toEqual(file);
    expect(download).toMatchObject({ status: 200, bytes: 200 * MiB, sha256: upload.sha256 });
    const growth = after.peak - before.rss;
    process.stdout.write(
      `200 MiB: upload ${(200 / upload.seconds).toFixed(0)} MiB/s, download ${(200 / download.seconds).toFixed(0)} MiB/s; ` +
        `gateway RSS ${before.rss.toFixed(0)} MiB before, peak ${after.peak.toFixed(0)} MiB (${peakReset ? 'reset before the upload' : 'since start'}), growth ${growth.toFixed(0)} MiB\n`,
    );
    expect(growth).toBeLessThan(100);
  }, 180_000);

  it('answers 413 as soon as an endless upload passes UPLOAD_MAX_SIZE, and keeps none of it', async () => {
    const upload = await uploadCsv(port, token, Infinity);

    expect(upload.status).toBe(413);
    expect(JSON.parse(upload.body)).toMatchObject({ status: 413, code: 'file_too_large' });
    expect(mib(upload.bytes)).toBeLessThan(210 + 64);
    const listed = (await (await fetch(`http://127.0.0.1:${port}/v1/files?limit=100`, { headers: { authorization: `Bearer ${token}` } })).json()).items;
    const onDisk = readdirSync(join(dataDir, 'files'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    expect(onDisk.map((entry) => entry.name).sort()).toEqual(listed.map((file: { id: string }) => file.id).sort());
  }, 120_000);
});
