import { InvalidRecipient, recipientOf, RecipientKind } from './recipient';

const TELEGRAM: RecipientKind[] = ['phone', 'telegram_username', 'telegram_user_id'];

describe('recipientOf', () => {
  describe('phone', () => {
    it.each([
      ['+14155552671', '+14155552671'],
      ['+1 (415) 555-2671', '+14155552671'],
      ['  +44 7911 123456 ', '+447911123456'],
      ['0044 7911 123456', '+447911123456'],
      ['+33 6 12 34 56 78', '+33612345678'],
    ])('reads %j as %s', (to, e164) => {
      expect(recipientOf(to, ['phone'])).toEqual({ kind: 'phone', address: e164 });
    });

    it.each([['not a phone'], ['14155552671'], ['+15550100'], ['+1415555267100000'], ['+44 7911 12345a'], [''], ['+']])('refuses %j', (to) => {
      expect(() => recipientOf(to, ['phone'])).toThrow(InvalidRecipient);
    });

    it('says what it expected, naming the field to', () => {
      expect(() => recipientOf('not a phone', ['phone'])).toThrow('The recipient (to) "not a phone" is not a phone number in international form (E.164, e.g. +14155552671).');
    });
  });

  describe('email', () => {
    it.each([
      ['Ada@Example.COM', 'Ada@example.com'],
      ['  ada.lovelace+news@Mail.Example.org ', 'ada.lovelace+news@mail.example.org'],
      ['o\'brien@example.ie', 'o\'brien@example.ie'],
    ])('reads %j as %s, only the domain lowercased', (to, address) => {
      expect(recipientOf(to, ['email'])).toEqual({ kind: 'email', address });
    });

    it.each([['ada'], ['@example.com'], ['ada@'], ['ada@example'], ['ada@exa mple.com'], ['a da@example.com'], ['ada@-example.com'], [`${'a'.repeat(65)}@example.com`], ['<ada@example.com>']])(
      'refuses %j',
      (to) => {
        expect(() => recipientOf(to, ['email'])).toThrow(InvalidRecipient);
      },
    );
  });

  describe('telegram', () => {
    it('reads a phone, a @username (adding the @ when left out) and a numeric id, in the order of the kinds', () => {
      expect(recipientOf('+14155552671', TELEGRAM)).toEqual({ kind: 'phone', address: '+14155552671' });
      expect(recipientOf('@durov_1', TELEGRAM)).toEqual({ kind: 'telegram_username', address: '@durov_1' });
      expect(recipientOf('Durov_1', TELEGRAM)).toEqual({ kind: 'telegram_username', address: '@Durov_1' });
      expect(recipientOf('777000', ['telegram_user_id', 'telegram_username'])).toEqual({ kind: 'telegram_user_id', address: '777000' });
    });

    it('takes usernames of 5 to 32 letters, digits or _ only', () => {
      expect(recipientOf(`@${'a'.repeat(32)}`, ['telegram_username']).address).toHaveLength(33);
      for (const to of ['@abcd', `@${'a'.repeat(33)}`, '@ab-cd', '@ab cd', '@@abcde', 'abc.def']) {
        expect(() => recipientOf(to, ['telegram_username'])).toThrow(InvalidRecipient);
      }
    });

    it('takes user ids that fit in 63 bits, without a leading zero', () => {
      expect(recipientOf('9223372036854775807', ['telegram_user_id']).address).toBe('9223372036854775807');
      for (const to of ['9223372036854775808', '0123', '0', '-5', '12.5']) {
        expect(() => recipientOf(to, ['telegram_user_id'])).toThrow(InvalidRecipient);
      }
    });

    it('names every kind it expected when none fits', () => {
      expect(() => recipientOf('not a phone!', TELEGRAM)).toThrow(
        'The recipient (to) "not a phone!" is not a phone number in international form (E.164, e.g. +14155552671), or a Telegram @username (5 to 32 letters, digits or _), or a Telegram user id (digits).',
      );
    });
  });

  describe('whatsapp_number', () => {
    it('reads an international number as E.164 and refuses anything else', () => {
      expect(recipientOf('+49 151 12345678', ['whatsapp_number'])).toEqual({ kind: 'whatsapp_number', address: '+4915112345678' });
      expect(() => recipientOf('@someone', ['whatsapp_number'])).toThrow(InvalidRecipient);
    });
  });

  describe('any', () => {
    it('keeps the address as given, trimmed, up to 320 characters', () => {
      expect(recipientOf(' sandbox:refuse ', ['any'])).toEqual({ kind: 'any', address: 'sandbox:refuse' });
      expect(() => recipientOf('   ', ['any'])).toThrow(InvalidRecipient);
      expect(() => recipientOf('x'.repeat(321), ['any'])).toThrow(InvalidRecipient);
    });
  });

  it('cuts a long input short in its error', () => {
    expect(() => recipientOf('y'.repeat(500), ['phone'])).toThrow(`"${'y'.repeat(64)}"`);
  });
});
