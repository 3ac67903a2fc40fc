/** A file a message may carry, as the files context describes it. */
export interface AttachmentFile {
  fileId: string;
  fileName: string;
  contentType: string;
  size: number;
}

/** The owner's files, read through the files context: what messages are sent with. */
export abstract class AttachmentFiles {
  /** The owner's stored files among these ids, by id; unknown, deleted and other owners' files are left out. */
  abstract describe(ownerId: string, fileIds: readonly string[]): Promise<Map<string, AttachmentFile>>;
  /** The whole of the owner's file; a domain error when it is no longer theirs to read. */
  abstract read(ownerId: string, fileId: string): Promise<Buffer>;
}
