import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';
import { SNIFF_BYTES, sniffContentType } from '../../../domain/content-type';
import { EmptyFile, FileTooLarge, FileTypeNotAllowed } from '../../../domain/file.errors';
import { FileContent } from '../../../domain/stored-file.aggregate';
import { UploadPolicy } from '../../../domain/upload-policy';

/**
 * The bytes of an upload on their way to storage, checked as they pass: held back only until the first
 * {@link SNIFF_BYTES} tell their type, counted and hashed. It fails as soon as the policy is broken — a type
 * not allowed, one byte over the size limit, or no byte at all — so that storage never gets the rest.
 */
export class UploadInspector extends Transform {
  private readonly hash = createHash('sha256');
  private head: Buffer[] = [];
  private headBytes = 0;
  private bytes = 0;
  private contentType: string | null = null;
  private sha256: string | null = null;

  constructor(private readonly policy: UploadPolicy) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.policy.maxBytes) return done(new FileTooLarge(this.policy.maxBytes));
    this.hash.update(chunk);
    if (this.contentType !== null) return done(null, chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    done(this.headBytes >= SNIFF_BYTES ? this.release(false) : null);
  }

  override _flush(done: TransformCallback): void {
    if (this.bytes === 0) return done(new EmptyFile());
    done(this.contentType === null ? this.release(true) : null);
  }

  /** What the bytes told; once they have all passed. */
  content(): FileContent {
    if (this.contentType === null || !this.writableFinished) throw new Error('The upload has not passed the inspector yet.');
    this.sha256 ??= this.hash.digest('hex');
    return { size: this.bytes, sha256: this.sha256, contentType: this.contentType };
  }

  private release(complete: boolean): Error | null {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.contentType = sniffContentType(head, complete);
    if (!this.policy.allows(this.contentType)) return new FileTypeNotAllowed(this.contentType, this.policy.allowedTypes);
    this.push(head);
    return null;
  }
}
