import { requestLogLevel } from './request-log-level';

describe('requestLogLevel', () => {
  it.each([
    [201, 'debug'],
    [304, 'debug'],
    [401, 'warn'],
    [422, 'warn'],
    [500, 'error'],
    [503, 'error'],
  ])('logs a %s answer at %s', (status, level) => {
    expect(requestLogLevel(status)).toBe(level);
  });

  it('logs a request that failed with an error at error, whatever its status', () => {
    expect(requestLogLevel(200, new Error('socket hang up'))).toBe('error');
  });
});
