import { PassThrough, Readable } from 'node:stream';
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '@app/shared-kernel';

export const FILE_FIELD = 'file';

/** The upload request is not a form with exactly one file, in a part named `file`, that arrived whole. */
export class MalformedUpload extends DomainError {
  readonly kind = 'invalid';
}

export class NotMultipart extends DomainError {
  readonly kind = 'unsupported-type';
  constructor() {
    super(`Send the file as multipart/form-data, in a part named "${FILE_FIELD}".`);
  }
}

export interface FilePart {
  filename: string;
  /** The bytes of the part. It ends only once the rest of the form has been read and found empty; it fails if not. */
  content: Readable;
}

/**
 * The one file of a multipart upload, streamed as it arrives. Whatever else the form holds — a second file,
 * a field, a body cut short — makes `content` fail rather than end, so that an upload is stored only whole.
 */
export async function singleFilePart(request: FastifyRequest): Promise<FilePart> {
  if (!request.isMultipart()) throw new NotMultipart();
  const parts = request.parts({ limits: { fileSize: Infinity } });
  const first = await nextPart(parts);
  if (!first) throw new MalformedUpload(`The form has no part named "${FILE_FIELD}": send the file in a multipart/form-data part named "${FILE_FIELD}".`);
  if (first.type !== 'file' || first.fieldname !== FILE_FIELD) {
    if (first.type === 'file') first.file.resume();
    throw new MalformedUpload(`The form holds a ${first.type} named "${first.fieldname}": send only the file, in a part named "${FILE_FIELD}" with a filename.`);
  }
  const content = new PassThrough();
  // why: the stream keeps its error for whoever reads it later; without a listener, an error raised before the
  // reader attached (a second part found while the upload's row is being written) would crash the process.
  content.on('error', () => undefined);
  first.file.once('error', (error) => content.destroy(new MalformedUpload(`The upload ended before the file did (${error.message}).`)));
  nextPart(parts).then(
    (extra) => {
      if (extra) content.destroy(anotherPart(extra));
      else if (first.file.readableEnded) content.end();
      else first.file.once('end', () => content.end());
    },
    (error: Error) => content.destroy(error),
  );
  first.file.pipe(content, { end: false });
  return { filename: first.filename, content };
}

async function nextPart(parts: AsyncIterableIterator<Multipart>): Promise<Multipart | null> {
  try {
    const next = await parts.next();
    return next.done ? null : next.value;
  } catch (error) {
    throw new MalformedUpload(`The multipart body is malformed or cut short: ${(error as Error).message}.`);
  }
}

function anotherPart(part: Multipart): MalformedUpload {
  if (part.type === 'file') part.file.resume();
  return new MalformedUpload(`Send one file per upload: the form holds another ${part.type}, "${part.fieldname}".`);
}
