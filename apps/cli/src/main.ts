import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { INestApplicationContext, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import {
  AppSettings,
  bindingsOfModule,
  DeadLetterAdmin,
  DeadLettersModule,
  DEFAULT_QUEUE_TYPE,
  DEFAULT_RETRY_SCHEDULE,
  definitionsOf,
  EmbeddedPostgres,
  EnvReader,
  PlatformModule,
  PlatformSettings,
  QUEUE_TYPES,
  runMigrations,
  Settings,
  topologyOf,
} from '@app/platform';
import { ConsumersModule } from '@app/composition';
import { MessagingSettings } from '@app/messaging';
import { PromoteUserCommand, UsersModule, UsersSettings } from '@app/users';
import { MIGRATIONS } from '../../../migrations';
import { runImport } from './import/import-command';
import { IMPORT_USAGE, parseImportOptions } from './import/import-options';
import { CliError, hinted, runCli } from './run-cli';

const USAGE = `usage:
  npm run migration:run                  apply pending migrations to DATABASE_URL
  npm run users -- promote <email>       make a registered user an admin
  npm run topology:export [-- <file>]    write the RabbitMQ definitions file (default: AMQP_DEFINITIONS)
  npm run dead-letters -- list [--queue <queue>] [--pending]
  npm run dead-letters -- replay <id>
  npm run dead-letters -- replay-all --queue <queue>
  ${IMPORT_USAGE.replace('usage: ', '')}`;

/** The CLI signs no token: it reads the platform's settings and, for `users`, the users context's. */
const CLI_SETTINGS: AppSettings = { classes: [PlatformSettings, UsersSettings, MessagingSettings], defaults: { LOG_LEVEL: 'warn' } };
// why: the settings are checked before any database is looked for; the embedded one's URL is known only once it runs.
const EMBEDDED_STAND_IN = 'postgres://embedded@127.0.0.1/missive';

/** Operator commands. Without DATABASE_URL they use the all-in-one's embedded PostgreSQL under DATA_DIR, if there is one. */
runCli(async (command, args) => {
  if (command === undefined || command === 'help' || command === '--help') return void process.stdout.write(`${USAGE}\n`);
  if (command === 'migration:run') return withDatabase(async ({ databaseUrl }) => report(await runMigrations(databaseUrl, MIGRATIONS)));
  if (command === 'users') return users(args);
  if (command === 'topology:export') return exportTopology(args[0]);
  if (command === 'dead-letters') return deadLetters(args);
  if (command === 'import') return void (await runImport(parseImportOptions(args, process.env)));
  throw new CliError(`unknown command "${command}": use one of migration:run, users promote <email>, topology:export [<file>], dead-letters list|replay|replay-all, import <file>`);
});

async function withDatabase(work: (platform: PlatformSettings, settings: Settings) => Promise<void>): Promise<void> {
  const configured = process.env.DATABASE_URL?.trim();
  const checked = Settings.read({ ...process.env, DATABASE_URL: configured || EMBEDDED_STAND_IN }, CLI_SETTINGS);
  if (configured) return work(checked.get(PlatformSettings), checked);
  const database = await EmbeddedPostgres.open(join(checked.get(PlatformSettings).dataDir, 'postgres'), (line) => process.stderr.write(`${line}\n`));
  try {
    const settings = Settings.read({ ...process.env, DATABASE_URL: database.url }, CLI_SETTINGS);
    await work(settings.get(PlatformSettings), settings);
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

function withApp(modules: Type[], work: (app: INestApplicationContext) => Promise<void>): Promise<void> {
  return withDatabase(async (_platform, settings) => {
    const app = await NestFactory.createApplicationContext({ module: class CliModule {}, imports: [PlatformModule.forRoot(settings), ...modules] }, { logger: false, abortOnError: false });
    try {
      await work(app);
    } finally {
      await app.close();
    }
  });
}

function users([action, email, ...rest]: string[]): Promise<void> {
  if (action !== 'promote' || !email || rest.length) throw new CliError('usage: npm run users -- promote <email>');
  return withApp([UsersModule], async (app) => {
    const { id } = await hinted(app.get(CommandBus).execute(new PromoteUserCommand(email)), 'check the email, or have the user register first (POST /v1/users)');
    process.stdout.write(`${email} (${id}) is now an admin\n`);
  });
}

function deadLetters([action, ...rest]: string[]): Promise<void> {
  const option = (name: string) => (rest.includes(name) ? rest[rest.indexOf(name) + 1] : undefined);
  const queue = option('--queue');
  if (!(action === 'list' || (action === 'replay' && rest[0]) || (action === 'replay-all' && queue))) {
    throw new CliError('usage: npm run dead-letters -- list [--queue <queue>] [--pending] | replay <id> | replay-all --queue <queue>');
  }
  return withApp([DeadLettersModule], async (app) => {
    const admin = app.get(DeadLetterAdmin);
    if (action === 'list') {
      const { items } = await admin.list({ queue, pending: rest.includes('--pending'), limit: 100 });
      for (const letter of items) {
        process.stdout.write(`${letter.id}  ${letter.dead_at}  ${letter.queue}  ${letter.type}  attempts=${letter.attempts}  ${letter.replayed_at ? `replayed ${letter.replayed_at}` : 'pending'}  ${letter.error}\n`);
      }
      if (items.length === 0) process.stdout.write('no dead letters\n');
    } else if (action === 'replay') {
      const { replayed_as } = await hinted(admin.replay(rest[0]), 'list the pending ones with `npm run dead-letters -- list --pending`');
      process.stdout.write(`replayed ${rest[0]} as outbox message ${replayed_as}\n`);
    } else {
      const replayed = await admin.replayAll(queue!);
      process.stdout.write(`replayed ${replayed.length} dead letters of ${queue}\n`);
    }
  });
}
