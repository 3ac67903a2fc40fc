import { AggregateRoot, uuidV7 } from '@app/shared-kernel';

export interface ApiKeyState {
  id: string;
  ownerId: string;
  name: string;
  prefix: string;
  keyHash: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A machine credential. Only its hash is kept; the key itself is shown once, at creation. */
export class ApiKey extends AggregateRoot {
  private constructor(private readonly state: ApiKeyState) {
    super();
  }

  static issue(ownerId: string, name: string, prefix: string, keyHash: string, now = new Date()): ApiKey {
    return new ApiKey({ id: uuidV7(now.getTime()), ownerId, name, prefix, keyHash, createdAt: now, revokedAt: null });
  }

  static restore(state: ApiKeyState): ApiKey {
    return new ApiKey({ ...state });
  }

  get id(): string {
    return this.state.id;
  }

  snapshot(): Readonly<ApiKeyState> {
    return { ...this.state };
  }

  revoke(now = new Date()): void {
    this.state.revokedAt ??= now;
  }
}
