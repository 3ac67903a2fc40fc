import type { Readable } from 'node:stream';
import { Logger } from '@nestjs/common';
import { Client } from 'minio';
import { FileStorage } from '../../application/ports/file-storage';
import { ByteRange } from '../../domain/byte-range';
import { PartBuffer } from './part-buffer';

interface MultipartUpload {
  id: string | null;
  parts: { part: number; etag: string }[];
  next: number;
  inFlight: Promise<unknown>;
}

const NOT_FOUND = new Set(['NotFound', 'NoSuchKey']);

/**
 * Files as objects of one bucket on MinIO or any S3, created if missing. A file smaller than a part goes up in
 * one PUT; a larger one as a multipart upload of `partSize` parts, one on its way while the next one fills, so
 * an upload holds about two parts in memory whatever its size; a failed one is aborted.
 */
export class MinioFileStorage extends FileStorage {
  private readonly logger = new Logger('MinioFileStorage');
  private bucketReady: Promise<void> | null = null;

  constructor(
    private readonly client: Client,
    private readonly bucket: string,
    private readonly region: string,
    private readonly partSize: number,
  ) {
    super();
  }

  // why: not minio's putObject: given a stream of unknown length it buffers parts of 5 TiB / 10,000 unless told
  // otherwise, never ends when its source fails (the error is not forwarded to its chunker), and looks for an
  // upload to resume with ListMultipartUploads, which some S3 servers lack.
  async put(key: string, content: Readable): Promise<void> {
    const upload: MultipartUpload = { id: null, parts: [], next: 1, inFlight: Promise.resolve() };
    try {
      await this.ensureBucket();
      const pending = new PartBuffer();
      for await (const chunk of content as AsyncIterable<Buffer>) {
        pending.add(chunk);
        while (pending.size >= this.partSize) await this.sendPart(key, upload, pending.take(this.partSize));
      }
      const last = pending.take(pending.size);
      if (upload.id === null) {
        await this.client.putObject(this.bucket, key, last, last.length);
        return;
      }
      if (last.length > 0) await this.sendPart(key, upload, last);
      await upload.inFlight;
      await this.client.completeMultipartUpload(this.bucket, key, upload.id, upload.parts);
    } catch (error) {
      content.destroy();
      await this.abort(key, upload);
      throw error;
    }
  }

  async get(key: string, range?: ByteRange): Promise<Readable> {
    if (!range) return this.client.getObject(this.bucket, key);
    return this.client.getPartialObject(this.bucket, key, range.start, range.end - range.start + 1);
  }

  async delete(key: string): Promise<void> {
    await this.client.removeObject(this.bucket, key);
    await this.client.removeIncompleteUpload(this.bucket, key).catch((error: { code?: string }) => {
      if (error.code !== 'NotImplemented') this.logger.warn({ err: error, key }, 'could not remove the incomplete uploads of an object');
    });
  }

  async exists(key: string): Promise<boolean> {
    try {
      await this.client.statObject(this.bucket, key);
      return true;
    } catch (error) {
      if (NOT_FOUND.has((error as { code?: string }).code ?? '')) return false;
      throw error;
    }
  }

  async check(): Promise<void> {
    if (!(await this.client.bucketExists(this.bucket))) await this.createBucket();
  }

  private ensureBucket(): Promise<void> {
    this.bucketReady ??= this.check().catch((error: unknown) => {
      this.bucketReady = null;
      throw error;
    });
    return this.bucketReady;
  }

  private async createBucket(): Promise<void> {
    try {
      await this.client.makeBucket(this.bucket, this.region);
      this.logger.log(`created bucket ${this.bucket}`);
    } catch (error) {
      if ((error as { code?: string }).code !== 'BucketAlreadyOwnedByYou') throw error;
    }
  }

  private async sendPart(key: string, upload: MultipartUpload, data: Buffer): Promise<void> {
    upload.id ??= await this.client.initiateNewMultipartUpload(this.bucket, key, {});
    await upload.inFlight;
    const part = upload.next++;
    const request = { bucketName: this.bucket, objectName: key, uploadID: upload.id, partNumber: part, headers: { 'Content-Length': data.length } };
    const sending = this.client.uploadPart(request, data).then(({ etag }) => upload.parts.push({ part, etag }));
    // why: the part is awaited only when the next one is full; until then its failure must not count as unhandled.
    sending.catch(() => undefined);
    upload.inFlight = sending;
  }

  private async abort(key: string, upload: MultipartUpload): Promise<void> {
    await upload.inFlight.catch(() => undefined);
    if (upload.id === null) return;
    await this.client.abortMultipartUpload(this.bucket, key, upload.id).catch((error: unknown) => {
      this.logger.warn({ err: error, key }, 'could not abort a failed multipart upload; a bucket lifecycle rule removes it');
    });
  }
}
