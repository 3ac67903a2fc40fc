import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { connectConsumers, EmbeddedPostgres, HttpSettings, OpsServer, PlatformSettings, runMain, runMigrations, Settings } from '@app/platform';
import { createHttpApp } from '@app/composition';
import { MIGRATIONS } from '../../../migrations';
import { AllInOneModule } from './all-in-one.module';
import { ALL_IN_ONE_SETTINGS, withEmbedded } from './all-in-one.settings';
import { localSecret } from './local-secret';

const logger = new Logger('all-in-one');
// why: every setting is checked before the embedded database starts or the secret file is written; the embedded
// server's URL and the kept secret exist only afterwards, so these stand in for them during the check.
const STAND_INS = { databaseUrl: 'postgres://embedded@127.0.0.1/missive', jwtSecret: 'stand-in-for-the-secret-kept-in-DATA_DIR' };

/**
 * `npm start`: the whole system in one process on embedded defaults — embedded PostgreSQL under DATA_DIR
 * (unless DATABASE_URL is set), migrations applied, the API on PORT, and the consumers fed by the relay
 * (direct mode without AMQP_URL; with it, through RabbitMQ).
 */
runMain(async () => {
  const started = Date.now();
  const { dataDir } = Settings.read(withEmbedded(process.env, STAND_INS), ALL_IN_ONE_SETTINGS).get(PlatformSettings);
  const database = process.env.DATABASE_URL?.trim() ? null : await EmbeddedPostgres.start(join(dataDir, 'postgres'), (line) => logger.log(line));
  try {
    const embedded = { databaseUrl: database?.url ?? STAND_INS.databaseUrl, jwtSecret: process.env.JWT_SECRET?.trim() || (await localSecret(dataDir, 'jwt-secret')) };
    process.env.SESSION_ENCRYPTION_KEY ||= await localSecret(dataDir, 'session-encryption-key', 32);
    const settings = Settings.read(withEmbedded(process.env, embedded), ALL_IN_ONE_SETTINGS);
    const platform = settings.get(PlatformSettings);
    const applied = await runMigrations(platform.databaseUrl, MIGRATIONS);
    if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);
    const app = await createHttpApp(AllInOneModule.forRoot(settings), settings, { shutdownHooks: false });
    await connectConsumers(app, platform);
    const { port } = settings.get(HttpSettings);
    await app.listen(port, platform.host);
    await app.get(OpsServer).listen();
    const base = `http://localhost:${port}`;
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
