import { HealthIndicatorService } from '@nestjs/terminus';
import { ReadinessChecks } from './readiness-checks';

describe('ReadinessChecks', () => {
  const run = (checks: ReadinessChecks, timeoutMs?: number) => Promise.all(checks.indicators(timeoutMs).map((indicator) => indicator()));

  it('reports each added dependency up, with its response time', async () => {
    const checks = new ReadinessChecks(new HealthIndicatorService());
    checks.add('storage', async () => undefined);

    await expect(run(checks)).resolves.toEqual([{ storage: { status: 'up', responseTime: expect.any(Number) } }]);
  });

  it('reports a failing dependency down, with its reason', async () => {
    const checks = new ReadinessChecks(new HealthIndicatorService());
    checks.add('storage', async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9000');
    });

    await expect(run(checks)).resolves.toEqual([{ storage: { status: 'down', message: 'connect ECONNREFUSED 127.0.0.1:9000' } }]);
  });

  it('reports a dependency that does not answer in time down', async () => {
    const checks = new ReadinessChecks(new HealthIndicatorService());
    checks.add('storage', () => new Promise(() => undefined));

    await expect(run(checks, 50)).resolves.toEqual([{ storage: { status: 'down', message: 'no answer within 50 ms' } }]);
  });

  it('checks nothing more until a context adds something', () => {
    expect(new ReadinessChecks(new HealthIndicatorService()).indicators()).toEqual([]);
  });
});
