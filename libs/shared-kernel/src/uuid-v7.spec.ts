import { UUID_PATTERN, uuidV7 } from './uuid-v7';

describe('uuidV7', () => {
  it('is a valid version-7 UUID', () => {
    const id = uuidV7();
    expect(id).toMatch(UUID_PATTERN);
    expect(id[14]).toBe('7');
  });

  it('sorts by creation time', () => {
    const earlier = uuidV7(1_800_000_000_000);
    const later = uuidV7(1_800_000_000_001);
    expect(earlier < later).toBe(true);
  });

  it('keeps increasing within one millisecond, past the 12-bit counter', () => {
    const ids = Array.from({ length: 10_000 }, () => uuidV7(1_900_000_000_000));
    expect([...ids].sort()).toEqual(ids);
  });

  it('never goes backwards when the clock does', () => {
    const later = uuidV7(1_950_000_000_000);
    expect(uuidV7(1_940_000_000_000) > later).toBe(true);
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => uuidV7()));
    expect(ids.size).toBe(10_000);
  });
});
