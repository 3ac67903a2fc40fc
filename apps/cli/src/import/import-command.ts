import { openAsBlob } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, parse } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { CliError } from '../run-cli';
import { ImportOptions } from './import-options';
import { serverSentEvents } from './sse-reader';

/** The progress of a message request as `GET /v1/messaging/message-requests/:id` and its events answer it. */
export interface RequestProgress {
  id: string;
  status: string;
  done: boolean;
  counts: { rows: number; valid: number; invalid: number; queued: number; sent: number; delivered: number; failed: number };
  percentage: number;
  rate: number | null;
  eta_seconds: number | null;
  error: { code: string; message: string } | null;
}

const REQUESTS = '/v1/messaging/message-requests';
const RECONNECTS = 5;

/** `npm run import`: uploads the file, starts the request, shows its progress until it is over, then the summary. */
export async function runImport(options: ImportOptions, out: NodeJS.WriteStream = process.stdout): Promise<RequestProgress> {
  const api = new ApiClient(options.apiUrl, options.auth);
  const messenger = options.request.messenger ?? (await api.json<{ messenger: string }>('GET', `/v1/messaging/sessions/${options.request.session_id}`, 'reading the session')).messenger;
  const form = new FormData();
  form.append('file', await openAsBlob(options.file), basename(options.file));
  const file = await api.json<{ id: string }>('POST', '/v1/files/upload', `uploading ${options.file}`, form);
  const started = await api.json<{ id: string }>('POST', `${REQUESTS}/csv`, 'starting the request', { file_id: file.id, ...options.request, messenger });
  out.write(`uploaded ${basename(options.file)} as file ${file.id}; message request ${started.id}\n`);
  const final = await follow(api, started.id, out);
  out.write(`${summaryOf(final)}\n`);
  if (final.counts.invalid > 0) {
    const target = options.errorsFile ?? `${parse(options.file).name}.${final.id}.errors.csv`;
    await writeFile(target, await api.text(`${REQUESTS}/${final.id}/errors.csv`, 'downloading the errors'));
    out.write(`${final.counts.invalid} invalid rows, each with its reason: ${target} (also GET ${options.apiUrl}${REQUESTS}/${final.id}/errors.csv)\n`);
  }
  return final;
}

async function follow(api: ApiClient, id: string, out: NodeJS.WriteStream): Promise<RequestProgress> {
  const bar = new SingleBar(
    { format: '{bar} {percentage}% | {status} | {sent}/{valid} sent, {invalid} invalid | {rate}/s | ETA {eta_text}', hideCursor: true, stream: out, etaBuffer: 1 },
    Presets.shades_classic,
  );
  bar.start(100, 0, fields(null));
  try {
    for (let attempt = 0; attempt <= RECONNECTS; attempt += 1) {
      const response = await api.stream(`${REQUESTS}/${id}/events`);
      for await (const event of serverSentEvents(response)) {
        if (event.event === 'error') break;
        const progress = JSON.parse(event.data) as RequestProgress;
        bar.update(Math.min(100, Math.floor(progress.percentage)), fields(progress));
        if (event.event === 'end') return progress;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  } finally {
    bar.stop();
  }
  throw new CliError(`lost the progress stream ${RECONNECTS} times; the request goes on: GET ${REQUESTS}/${id}`);
}

function fields(progress: RequestProgress | null) {
  return {
    status: progress?.status ?? 'starting',
    sent: progress ? progress.counts.sent + progress.counts.delivered : 0,
    valid: progress?.counts.valid ?? 0,
    invalid: progress?.counts.invalid ?? 0,
    rate: progress?.rate === null || progress?.rate === undefined ? '-' : Math.round(progress.rate),
    eta_text: progress?.eta_seconds === null || progress?.eta_seconds === undefined ? '-' : `${Math.ceil(progress.eta_seconds)}s`,
  };
}

/** One line: how the request ended and what became of its rows. */
export function summaryOf({ id, status, counts, error }: RequestProgress): string {
  const { rows, valid, invalid, queued, sent, delivered, failed } = counts;
  const ended = `message request ${id} ${status.replace(/_/g, ' ')}${error ? ` (${error.code}: ${error.message})` : ''}`;
  return `${ended}: ${rows} rows, ${valid} valid, ${invalid} invalid; messages: ${sent} sent, ${delivered} delivered, ${failed} failed, ${queued} not sent yet`;
}

/** The API over fetch; a refusal is one line with the problem's detail. */
class ApiClient {
  constructor(
    private readonly base: string,
    private readonly auth: Record<string, string>,
  ) {}

  async json<T>(method: string, path: string, doing: string, body?: FormData | object): Promise<T> {
    const isForm = body instanceof FormData;
    const headers = { ...this.auth, ...(body && !isForm ? { 'content-type': 'application/json' } : {}) };
    const response = await this.fetch(path, doing, { method, headers, body: isForm ? body : body && JSON.stringify(body) });
    return (await response.json()) as T;
  }

  async text(path: string, doing: string): Promise<string> {
    return (await this.fetch(path, doing, { headers: this.auth })).text();
  }

  async stream(path: string): Promise<AsyncIterable<Uint8Array>> {
    const response = await this.fetch(path, 'following the progress', { headers: { ...this.auth, accept: 'text/event-stream' } });
    return response.body as unknown as AsyncIterable<Uint8Array>;
  }

  private async fetch(path: string, doing: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, init);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(`${doing} failed: ${this.base} did not answer (${cause}); start the API or pass --api-url`);
    }
    if (response.ok) return response;
    const problem = (await response.json().catch(() => null)) as { detail?: string } | null;
    throw new CliError(`${doing} failed: ${response.status} ${problem?.detail ?? response.statusText}`);
  }
}
