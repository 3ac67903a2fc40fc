import { ValidatorConstraint, ValidatorConstraintInterface } from 'class-validator';

const COMMON = new Set(['password123', 'password1234', '1234567890', 'qwertyuiop', '0123456789', 'iloveyou123', 'letmein123', 'admin12345', 'welcome123', 'abcdefghij']);

/** Long enough is most of it (NIST 800-63B); beyond length, reject one-kind strings and well-known passwords. */
@ValidatorConstraint({ name: 'strongPassword' })
export class StrongPassword implements ValidatorConstraintInterface {
  validate(password: unknown): boolean {
    if (typeof password !== 'string') return false;
    const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((kind) => kind.test(password)).length;
    return kinds >= 2 && new Set(password).size >= 5 && !COMMON.has(password.toLowerCase());
  }

  defaultMessage(): string {
    return 'password is too weak: mix at least two of lower case, upper case, digits and symbols, and avoid common passwords';
  }
}
