/** What uploads this server takes: how large, and of which types (`type/subtype`, or `type/*` for a family). */
export class UploadPolicy {
  constructor(
    readonly maxBytes: number,
    readonly allowedTypes: readonly string[],
  ) {}

  allows(contentType: string): boolean {
    const family = `${contentType.split('/')[0]}/*`;
    return this.allowedTypes.includes(contentType) || this.allowedTypes.includes(family);
  }
}
