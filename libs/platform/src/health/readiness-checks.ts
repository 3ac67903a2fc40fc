import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';

/** Resolves when the dependency can do its work; rejects with the reason when it cannot. */
export type ReadinessProbe = () => Promise<void>;

/**
 * What `/health/ready` checks besides the database: each context adds the dependencies it cannot work
 * without (the files context its storage), so platform needs to know no context.
 */
@Injectable()
export class ReadinessChecks {
  private readonly probes = new Map<string, ReadinessProbe>();

  constructor(private readonly health: HealthIndicatorService) {}

  add(name: string, probe: ReadinessProbe): void {
    this.probes.set(name, probe);
  }

  indicators(timeoutMs = 2_000): (() => Promise<HealthIndicatorResult>)[] {
    return [...this.probes].map(([name, probe]) => () => this.run(name, probe, timeoutMs));
  }

  private async run(name: string, probe: ReadinessProbe, timeoutMs: number): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(name);
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)));
    try {
      await Promise.race([probe(), timeout]);
      return indicator.up({ responseTime: Math.round(performance.now() - started) });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }
}
