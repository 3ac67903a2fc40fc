import { UploadPolicy } from './upload-policy';

describe('UploadPolicy', () => {
  const policy = new UploadPolicy(100, ['text/csv', 'image/*']);

  it.each([
    ['text/csv', true],
    ['image/png', true],
    ['image/webp', true],
    ['text/plain', false],
    ['application/pdf', false],
    ['application/octet-stream', false],
    ['imagex/png', false],
  ])('allows %s: %s', (type, allowed) => {
    expect(policy.allows(type)).toBe(allowed);
  });
});
