/** How long tokens live, from the operator's settings. */
export class SessionSettings {
  constructor(readonly refreshTokenTtlMs: number) {}
}
