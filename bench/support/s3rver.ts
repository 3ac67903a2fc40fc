import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'minio';
import { freePort } from '../../libs/platform/src/net/free-port';
import { ROOT } from './apps';
import { onCleanup, sleep } from './cleanup';

/** s3rver in a process of its own on a free loopback port (so that it does not share the bench's event loop), removed at the end. */
export async function startS3rverProcess(): Promise<{ port: number; pid: number; client: Client; stop: () => Promise<void> }> {
  const directory = mkdtempSync(join(tmpdir(), 'missive-bench-s3rver-'));
  onCleanup(`remove ${directory}`, () => rmSync(directory, { recursive: true, force: true }));
  const port = await freePort();
  const child = spawn(process.execPath, [join(ROOT, 'node_modules/s3rver/bin/s3rver.js'), '-d', directory, '-a', '127.0.0.1', '-p', String(port), '--silent'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    await exited;
  };
  onCleanup('stop s3rver', stop);
  for (const deadline = Date.now() + 15_000; ; await sleep(100)) {
    if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`s3rver did not start on port ${port}`);
  }
  const client = new Client({ endPoint: '127.0.0.1', port, useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1' });
  return { port, pid: child.pid!, client, stop };
}
