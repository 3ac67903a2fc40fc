import { Client } from 'minio';
import S3rver from 's3rver';

export interface S3rverUnderTest {
  url: { host: string; port: number };
  client: Client;
  close(): Promise<void>;
}

/** An S3 server (s3rver) on a free loopback port, its data in `directory`, and a minio client for it. */
export async function startS3rver(directory: string): Promise<S3rverUnderTest> {
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const { port } = await server.run();
  const client = new Client({ endPoint: '127.0.0.1', port, useSSL: false, accessKey: 'S3RVER', secretKey: 'S3RVER', region: 'us-east-1' });
  return { url: { host: '127.0.0.1', port }, client, close: () => server.close() };
}
