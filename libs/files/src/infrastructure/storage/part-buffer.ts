/** Chunks of a stream, gathered until they make a part of the size wanted. */
export class PartBuffer {
  private chunks: Buffer[] = [];
  size = 0;

  add(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The first `bytes` bytes gathered (at most `size`), removed. */
  take(bytes: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks, this.size);
    const rest = all.subarray(bytes);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    return all.subarray(0, bytes);
  }
}
