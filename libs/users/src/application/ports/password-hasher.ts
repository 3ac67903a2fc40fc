/** One-way password hashing with a slow, salted function. */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  /** Whether the password matches; with `null` it spends the same time and answers false (no user enumeration by timing). */
  abstract verify(hash: string | null, password: string): Promise<boolean>;
}
