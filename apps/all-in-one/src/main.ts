import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { join, resolve } from 'node:path';
import { AppConfig, connectConsumers, EmbeddedPostgres, runMain, runMigrations } from '@app/platform';
import { createHttpApp } from '@app/composition';
import { MIGRATIONS } from '../../../migrations';
import { AllInOneModule } from './all-in-one.module';
import { localSecret } from './local-secret';

const logger = new Logger('all-in-one');

/**
 * `npm start`: the whole system in one process on embedded defaults — embedded PostgreSQL under DATA_DIR
 * (unless DATABASE_URL is set), migrations applied, the API on PORT, and the consumers fed by the relay
 * (direct mode without AMQP_URL; with it, through RabbitMQ).
 */
runMain(async () => {
  const started = Date.now();
  const env = { ...process.env };
  const dataDir = resolve(env.DATA_DIR ?? './.missive');
  const database = env.DATABASE_URL ? null : await EmbeddedPostgres.start(join(dataDir, 'postgres'), (line) => logger.log(line));
  try {
    env.DATABASE_URL ??= database?.url;
    env.JWT_SECRET ??= await localSecret(dataDir, 'jwt-secret');
    const config = new AppConfig(env);
    const applied = await runMigrations(config.databaseUrl, MIGRATIONS);
    if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);
    const app = await createHttpApp(AllInOneModule.forRoot(config), config, { shutdownHooks: false });
    await connectConsumers(app, config);
    await app.listen(config.port, config.host);
    const base = `http://localhost:${config.port}`;
    // why: the one line a newcomer needs, printed whatever LOG_LEVEL says.
    process.stdout.write(`\nMissive is up in ${((Date.now() - started) / 1000).toFixed(1)} s\n  API   ${base}\n  docs  ${base}/docs\n  (Ctrl-C stops it)\n\n`);
    stopOnSignal(async () => {
      await app.close();
      await database?.stop();
    });
  } catch (error) {
    await database?.stop();
    throw error;
  }
});

function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.log(`${signal}: finishing in-flight work, then stopping the database`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`stopping failed: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
