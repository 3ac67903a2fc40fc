import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import {
  AppConfig,
  bindingsOfModule,
  DEFAULT_RETRY_SCHEDULE,
  definitionsOf,
  EmbeddedPostgres,
  EnvReader,
  PlatformModule,
  runMain,
  runMigrations,
  topologyOf,
} from '@app/platform';
import { ConsumersModule } from '../../dispatcher/src/consumers.module';
import { PromoteUserCommand, UsersModule } from '@app/users';
import { MIGRATIONS } from '../../../migrations';

const USAGE = `usage:
  npm run migration:run                  apply pending migrations to DATABASE_URL
  npm run users -- promote <email>       make a registered user an admin
  npm run topology:export [-- <file>]    write the RabbitMQ definitions file (default: AMQP_DEFINITIONS)`;

/** Operator commands. Without DATABASE_URL they use the all-in-one's embedded PostgreSQL under DATA_DIR. */
runMain(async () => {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'migration:run') return withDatabase(async (url) => report(await runMigrations(url, MIGRATIONS)));
  if (command === 'users' && args[0] === 'promote' && args[1]) return withDatabase((url) => promote(url, args[1]));
  if (command === 'topology:export') return exportTopology(args[0]);
  process.stderr.write(`${USAGE}\n`);
  process.exitCode = 2;
});

async function withDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const configured = new EnvReader(process.env).url('DATABASE_URL', ['postgres', 'postgresql'], false);
  if (configured) return work(configured);
  const dataDir = resolve(process.env.DATA_DIR ?? './.missive');
  const database = await EmbeddedPostgres.attachOrStart(join(dataDir, 'postgres'), (line) => process.stderr.write(`${line}\n`));
  try {
    await work(database.url);
  } finally {
    await database.stop();
  }
}

async function exportTopology(file?: string): Promise<void> {
  const read = new EnvReader(process.env);
  const target = resolve(file ?? read.string('AMQP_DEFINITIONS', 'rabbitmq/definitions.json'));
  const topology = topologyOf(bindingsOfModule(ConsumersModule), read.durations('RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE, 10), read.oneOf('AMQP_QUEUE_TYPE', ['classic', 'quorum'], 'classic'));
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(definitionsOf(topology), null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
}

function report(applied: string[]): void {
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
}

async function promote(databaseUrl: string, email: string): Promise<void> {
  // why: promoting signs no token, so an operator's shell need not hold the real JWT_SECRET.
  const config = new AppConfig({ JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'warn', ...process.env, DATABASE_URL: databaseUrl });
  const app = await NestFactory.createApplicationContext(
    { module: class CliModule {}, imports: [PlatformModule.forRoot(config), UsersModule] },
    { logger: ['error'] },
  );
  try {
    const { id } = await app.get(CommandBus).execute(new PromoteUserCommand(email));
    process.stdout.write(`${email} (${id}) is now an admin\n`);
  } finally {
    await app.close();
  }
}
