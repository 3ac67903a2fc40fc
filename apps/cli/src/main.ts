import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import {
  AppConfig,
  bindingsOfModule,
  DeadLetterAdmin,
  DeadLettersModule,
  DEFAULT_QUEUE_TYPE,
  DEFAULT_RETRY_SCHEDULE,
  definitionsOf,
  EmbeddedPostgres,
  EnvReader,
  PlatformModule,
  QUEUE_TYPES,
  runMain,
  runMigrations,
  topologyOf,
} from '@app/platform';
import { ConsumersModule } from '@app/composition';
import { PromoteUserCommand, UsersModule } from '@app/users';
import { MIGRATIONS } from '../../../migrations';

const USAGE = `usage:
  npm run migration:run                  apply pending migrations to DATABASE_URL
  npm run users -- promote <email>       make a registered user an admin
  npm run topology:export [-- <file>]    write the RabbitMQ definitions file (default: AMQP_DEFINITIONS)
  npm run dead-letters -- list [--queue <queue>] [--pending]
  npm run dead-letters -- replay <id>
  npm run dead-letters -- replay-all --queue <queue>`;

/** Operator commands. Without DATABASE_URL they use the all-in-one's embedded PostgreSQL under DATA_DIR. */
runMain(async () => {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'migration:run') return withDatabase(async (url) => report(await runMigrations(url, MIGRATIONS)));
  if (command === 'users' && args[0] === 'promote' && args[1]) return withDatabase((url) => promote(url, args[1]));
  if (command === 'topology:export') return exportTopology(args[0]);
  if (command === 'dead-letters' && ['list', 'replay', 'replay-all'].includes(args[0])) return withDatabase((url) => deadLetters(url, args));
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
  const topology = topologyOf(bindingsOfModule(ConsumersModule), read.durations('RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE, 10), read.oneOf('AMQP_QUEUE_TYPE', QUEUE_TYPES, DEFAULT_QUEUE_TYPE));
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(definitionsOf(topology), null, 2)}\n`);
  process.stdout.write(`wrote ${target}\n`);
}

function report(applied: string[]): void {
  process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'no pending migrations\n');
}

async function withApp(databaseUrl: string, modules: Type[], work: (app: INestApplicationContext) => Promise<void>): Promise<void> {
  // why: operator commands sign no token, so an operator's shell need not hold the real JWT_SECRET.
  const config = new AppConfig({ JWT_SECRET: 'x'.repeat(32), LOG_LEVEL: 'warn', ...process.env, DATABASE_URL: databaseUrl });
  const app = await NestFactory.createApplicationContext({ module: class CliModule {}, imports: [PlatformModule.forRoot(config), ...modules] }, { logger: ['error'] });
  try {
    await work(app);
  } finally {
    await app.close();
  }
}

function promote(databaseUrl: string, email: string): Promise<void> {
  return withApp(databaseUrl, [UsersModule], async (app) => {
    const { id } = await app.get(CommandBus).execute(new PromoteUserCommand(email));
    process.stdout.write(`${email} (${id}) is now an admin\n`);
  });
}

function deadLetters(databaseUrl: string, [action, ...rest]: string[]): Promise<void> {
  const option = (name: string) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
  return withApp(databaseUrl, [DeadLettersModule], async (app) => {
    const admin = app.get(DeadLetterAdmin);
    if (action === 'list') {
      const { items } = await admin.list({ queue: option('--queue'), pending: rest.includes('--pending'), limit: 100 });
      for (const letter of items) {
        process.stdout.write(`${letter.id}  ${letter.dead_at}  ${letter.queue}  ${letter.type}  attempts=${letter.attempts}  ${letter.replayed_at ? `replayed ${letter.replayed_at}` : 'pending'}  ${letter.error}\n`);
      }
      if (items.length === 0) process.stdout.write('no dead letters\n');
    } else if (action === 'replay' && rest[0]) {
      const { replayed_as } = await admin.replay(rest[0]);
      process.stdout.write(`replayed ${rest[0]} as outbox message ${replayed_as}\n`);
    } else if (action === 'replay-all' && option('--queue')) {
      const replayed = await admin.replayAll(option('--queue')!);
      process.stdout.write(`replayed ${replayed.length} dead letters of ${option('--queue')}\n`);
    } else {
      process.stderr.write(`${USAGE}\n`);
      process.exitCode = 2;
    }
  });
}
