import { InvalidEmail } from './user.errors';

const SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** An email address, trimmed and lower-cased so that one person has one account. */
export class Email {
  private constructor(readonly value: string) {}

  static of(raw: string): Email {
    const value = raw.trim().toLowerCase();
    if (value.length > 254 || !SHAPE.test(value)) throw new InvalidEmail(raw);
    return new Email(value);
  }

  toString(): string {
    return this.value;
  }
}
