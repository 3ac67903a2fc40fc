import { CliError } from '../run-cli';

export const IMPORT_USAGE =
  'usage: npm run import -- <file> (--text <text> | --template <template>) [--session <id>] [--messenger sandbox] [--recipient-column phone] ' +
  '[--unknown-columns ignore|reject|keep] [--duplicate-recipients send|skip] [--api-url http://localhost:3000] [--token <jwt> | --api-key <key>]';

/** What `npm run import` was asked to do. */
export interface ImportOptions {
  file: string;
  /** Where the errors CSV is written when rows were refused; by default `<file name>.<request id>.errors.csv` here. */
  errorsFile: string | null;
  apiUrl: string;
  /** The request headers that authenticate the caller. */
  auth: Record<string, string>;
  request: {
    /** Absent with --session: the session's own messenger is used. */
    messenger?: string;
    session_id?: string;
    recipient_column: string;
    text?: string;
    template?: string;
    unknown_columns?: string;
    duplicate_recipients?: string;
  };
}

const FLAGS = ['--session', '--text', '--template', '--messenger', '--recipient-column', '--unknown-columns', '--duplicate-recipients', '--errors', '--api-url', '--token', '--api-key'] as const;
type Flag = (typeof FLAGS)[number];

/** Parses `<file> --flag value…`; the credential may also come from MISSIVE_TOKEN or MISSIVE_API_KEY. */
export function parseImportOptions(args: string[], env: NodeJS.ProcessEnv): ImportOptions {
  const values = new Map<Flag, string>();
  const files: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const [name, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!(FLAGS as readonly string[]).includes(name)) throw new CliError(`unknown option ${name}; ${IMPORT_USAGE}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new CliError(`${name} needs a value; ${IMPORT_USAGE}`);
    values.set(name as Flag, value);
  }
  if (files.length !== 1) throw new CliError(files.length ? `one file at a time, not ${files.length}; ${IMPORT_USAGE}` : IMPORT_USAGE);
  const text = values.get('--text');
  const template = values.get('--template');
  if ((text === undefined) === (template === undefined)) throw new CliError(`give either --text or --template; ${IMPORT_USAGE}`);
  const token = values.get('--token') ?? env.MISSIVE_TOKEN;
  const apiKey = values.get('--api-key') ?? env.MISSIVE_API_KEY;
  if (!token && !apiKey) throw new CliError('no credential: pass --token <access token> or --api-key <key>, or set MISSIVE_TOKEN or MISSIVE_API_KEY');
  const session = values.get('--session');
  return {
    file: files[0],
    errorsFile: values.get('--errors') ?? null,
    apiUrl: (values.get('--api-url') ?? env.MISSIVE_API_URL ?? 'http://localhost:3000').replace(/\/+$/, ''),
    auth: token ? { authorization: `Bearer ${token}` } : { 'x-api-key': apiKey! },
    request: {
      ...(values.has('--messenger') || !session ? { messenger: values.get('--messenger') ?? 'sandbox' } : {}),
      ...(session ? { session_id: session } : {}),
      recipient_column: values.get('--recipient-column') ?? 'phone',
      ...(text !== undefined ? { text } : { template }),
      ...(values.has('--unknown-columns') ? { unknown_columns: values.get('--unknown-columns') } : {}),
      ...(values.has('--duplicate-recipients') ? { duplicate_recipients: values.get('--duplicate-recipients') } : {}),
    },
  };
}
