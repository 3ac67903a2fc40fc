export type Role = 'user' | 'admin';

/** Who is calling: the authenticated user, and through which credential. */
export interface Principal {
  readonly userId: string;
  readonly role: Role;
  readonly sessionId?: string;
  readonly apiKeyId?: string;
}
