import { StrongPassword } from './strong-password.constraint';

describe('StrongPassword', () => {
  const constraint = new StrongPassword();

  it.each([
    'correct horse battery',
    'Tr0ub4dor&3',
    'correct-Horse-battery-9',
    'sunflower42garden',
    'ZEBRA-CROSSING',
  ])('accepts %j', (password) => {
    expect(constraint.validate(password)).toBe(true);
  });

  it.each([
    ['only lower case', 'abcdefghijklmnop'],
    ['only upper case', 'ABCDEFGHIJKLMNOP'],
    ['only digits', '31415926535897'],
    ['only symbols', '!@#$%^&*()_+-='],
    ['fewer than 5 distinct characters', 'aaaa1111aaaa1111'],
    ['4 distinct characters of four kinds', 'aB1-aB1-aB1-aB1-'],
  ])('rejects %s', (_case, password) => {
    expect(constraint.validate(password)).toBe(false);
  });

  it.each(['password123', 'Password123', 'PASSWORD1234', 'iLoveYou123', 'LetMeIn123', 'Admin12345', 'WELCOME123'])(
    'rejects the common password %j in any case',
    (password) => {
      expect(constraint.validate(password)).toBe(false);
    },
  );

  it.each([
    ['a number', 12345678901],
    ['null', null],
    ['undefined', undefined],
    ['an array', ['correct-Horse-battery-9']],
    ['an object', { password: 'correct-Horse-battery-9' }],
  ])('rejects %s', (_case, value) => {
    expect(constraint.validate(value)).toBe(false);
  });

  it('explains what a strong password needs', () => {
    expect(constraint.defaultMessage()).toMatch(/two of lower case, upper case, digits and symbols/);
  });
});
