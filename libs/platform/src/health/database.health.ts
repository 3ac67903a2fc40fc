import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { Client } from 'pg';
import { PlatformSettings } from '../config/platform.settings';

/**
 * Pings PostgreSQL on a connection of its own: through the app's pool, a dispatcher busy with a backlog
 * (every connection held by a handler) looked not-ready exactly when it was working hardest.
 */
@Injectable()
export class DatabaseHealth {
  constructor(
    private readonly config: PlatformSettings,
    private readonly health: HealthIndicatorService,
  ) {}

  async ping(key = 'database', timeoutMs = 2_000) {
    const indicator = this.health.check(key);
    const started = performance.now();
    const client = new Client({ connectionString: this.config.databaseUrl, connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs, application_name: 'missive-health' });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return indicator.up({ responseTime: Math.round(performance.now() - started) });
    } catch (error) {
      return indicator.down({ message: (error as Error).message });
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
