import { randomBytes } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** How the stub can be told to fail its next answers, as Twilio (or what stands in front of it) really does. */
export type TwilioStubFailure =
  /** 429 with `Retry-After` and Twilio's 20429 body. */
  | 'rate-limit'
  /** 500 with Twilio's error body. */
  | 'server-error'
  /** No answer until the client gives up (or the stub closes). */
  | 'timeout'
  /** 502 with an HTML page, as a proxy in front of Twilio answers. */
  | 'malformed'
  /** 401 with 20003, as for an auth token that was rotated or revoked. */
  | 'revoked'
  /** 400 with 21211, as for a `To` Twilio cannot read as a phone number. */
  | 'invalid-to';

/** One request the stub received, whatever it answered. */
export interface TwilioStubCall {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The form-encoded body, each field with every value it was given (`MediaUrl` may repeat). */
  form: Record<string, string[]>;
}

/** A Message resource as Twilio answers it (api.v2010.account.message in twilio-oai). */
export interface TwilioStubMessage {
  sid: string;
  account_sid: string;
  messaging_service_sid: string | null;
  from: string | null;
  to: string;
  body: string;
  status: 'queued' | 'accepted' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read' | 'canceled';
  num_media: string;
  num_segments: string;
  direction: 'outbound-api';
  api_version: '2010-04-01';
  price: null;
  price_unit: 'USD';
  error_code: number | null;
  error_message: string | null;
  date_created: string;
  date_updated: string;
  date_sent: null;
  uri: string;
  subresource_uris: { media: string };
}

interface Failure {
  kind: TwilioStubFailure;
  retryAfterSeconds: number;
}

const E164 = /^\+[1-9]\d{6,14}$/;
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;
const MESSAGE_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\/((?:SM|MM)[0-9a-fA-F]{32})\.json$/;
const ACCOUNT_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\.json$/;

/** A Twilio account sid the stub can be told to accept: `AC` + 32 hex digits. */
export function twilioAccountSid(): string {
  return `AC${randomBytes(16).toString('hex')}`;
}

/**
 * Twilio's REST API (2010-04-01) on 127.0.0.1, port 0, for tests: Basic auth against the accounts it was given,
 * `POST …/Messages.json` answering 201 with a Message resource (`I-Twilio-Idempotency-Token` honoured: the same token
 * answers the same message, recorded once), `GET …/Messages/{sid}.json`, `GET …/Messages.json` (by `To` and `From`), `GET /Accounts/{sid}.json`, and the
 * failures of `failNext`. The shapes are those of twilio-oai's spec and twilio-node's `RestException`.
 */
export class TwilioStub {
  /** Every request received, in order. */
  readonly calls: TwilioStubCall[] = [];
  /** Every message created, once each. */
  readonly accepted: TwilioStubMessage[] = [];
  /** Milliseconds every answer waits before it is sent. */
  latency = 0;
  private readonly accounts = new Map<string, string>();
  private readonly byToken = new Map<string, TwilioStubMessage>();
  private readonly failures: Failure[] = [];
  private readonly down = new Set<string>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<TwilioStub> {
    const server = createServer();
    const stub = new TwilioStub(server);
    server.on('request', (request: IncomingMessage, response: ServerResponse) => void stub.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Accepts this account sid with this auth token from now on. */
  addAccount(accountSid: string, authToken: string): void {
    this.accounts.set(accountSid, authToken);
  }

  /** Refuses this account's token from now on (401, 20003), as after a rotation. */
  revoke(accountSid: string): void {
    this.accounts.delete(accountSid);
  }

  /** Every request for this account answers 503 from now on, until `recover`, as an outage in front of one account does. */
  outage(accountSid: string): void {
    this.down.add(accountSid);
  }

  recover(accountSid: string): void {
    this.down.delete(accountSid);
  }

  /** The next `times` requests to arrive fail so (after `latency`); `retryAfterSeconds` goes with `rate-limit`. */
  failNext(kind: TwilioStubFailure, { times = 1, retryAfterSeconds = 2 }: { times?: number; retryAfterSeconds?: number } = {}): void {
    for (let i = 0; i < times; i++) this.failures.push({ kind, retryAfterSeconds });
  }

  /** Moves an accepted message on, as Twilio does once the carrier answers (`GET` then shows it). */
  setStatus(sid: string, status: TwilioStubMessage['status'], error: { code: number; message: string } | null = null): void {
    const message = this.accepted.find((candidate) => candidate.sid === sid);
    if (!message) throw new Error(`twilio stub: no message ${sid}`);
    Object.assign(message, { status, error_code: error?.code ?? null, error_message: error?.message ?? null, date_updated: new Date().toUTCString().replace('GMT', '+0000') });
  }

  /** Forgets the failures not yet served and the latency (accounts, calls and messages stay). */
  reset(): void {
    this.failures.length = 0;
    this.latency = 0;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', this.url).pathname;
    const form = parseForm(await readBody(request));
    this.calls.push({ method: request.method ?? 'GET', path, headers: request.headers, form });
    const failure = this.failures.shift();
    if (this.latency > 0) await new Promise((resolve) => setTimeout(resolve, this.latency));
    if (failure) return this.fail(response, failure);
    const accountSid = (MESSAGES_PATH.exec(path) ?? MESSAGE_PATH.exec(path) ?? ACCOUNT_PATH.exec(path))?.[1];
    if (!accountSid) return error(response, 404, 20404, 'The requested resource was not found');
    if (this.down.has(accountSid)) return error(response, 503, 20503, 'Service Unavailable', { 'Retry-After': '1' });
    if (!this.authenticates(request, accountSid)) return error(response, 401, 20003, 'Authenticate', { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
    if (request.method === 'GET' && ACCOUNT_PATH.test(path)) return json(response, 200, accountResource(accountSid));
    const lookup = MESSAGE_PATH.exec(path);
    if (request.method === 'GET' && lookup) {
      const message = this.accepted.find((candidate) => candidate.sid === lookup[2] && candidate.account_sid === accountSid);
      return message ? json(response, 200, message) : error(response, 404, 20404, `The requested resource ${path} was not found`);
    }
    if (request.method === 'POST' && MESSAGES_PATH.test(path)) return this.create(request, response, accountSid, form);
    if (request.method === 'GET' && MESSAGES_PATH.test(path)) return json(response, 200, this.list(accountSid, new URL(request.url ?? '/', this.url).searchParams));
    return error(response, 405, 20004, 'Method not allowed');
  }

  private create(request: IncomingMessage, response: ServerResponse, accountSid: string, form: Record<string, string[]>): void {
    const field = (name: string) => form[name]?.[0];
    const token = request.headers['i-twilio-idempotency-token'];
    const earlier = typeof token === 'string' ? this.byToken.get(`${accountSid}:${token}`) : undefined;
    if (earlier) return json(response, 201, earlier);
    const to = field('To');
    if (!to) return error(response, 400, 21604, "A 'To' phone number is required.");
    if (!E164.test(to)) return error(response, 400, 21211, `Invalid 'To' Phone Number: ${to}`);
    if (!field('From') && !field('MessagingServiceSid')) return error(response, 400, 21603, "A 'From' phone number is required.");
    if (!field('Body') && !form.MediaUrl?.length) return error(response, 400, 21602, 'Message body is required.');
    const media = form.MediaUrl?.length ?? 0;
    const sid = `${media ? 'MM' : 'SM'}${randomBytes(16).toString('hex')}`;
    const now = new Date().toUTCString().replace('GMT', '+0000');
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
    const message: TwilioStubMessage = {
      sid,
      account_sid: accountSid,
      messaging_service_sid: field('MessagingServiceSid') ?? null,
      from: field('From') ?? null,
      to,
      body: field('Body') ?? '',
      status: field('MessagingServiceSid') ? 'accepted' : 'queued',
      num_media: String(media),
      num_segments: String(Math.max(1, Math.ceil((field('Body') ?? '').length / 153))),
      direction: 'outbound-api',
      api_version: '2010-04-01',
      price: null,
      price_unit: 'USD',
      error_code: null,
      error_message: null,
      date_created: now,
      date_updated: now,
      date_sent: null,
      uri,
      subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    };
    this.accepted.push(message);
    if (typeof token === 'string') this.byToken.set(`${accountSid}:${token}`, message);
    json(response, 201, message);
  }

  /** `GET …/Messages.json`: the account's messages, newest first, filtered by `To` and `From`, one page of `PageSize` (50). */
  private list(accountSid: string, query: URLSearchParams): Record<string, unknown> {
    const [to, from] = [query.get('To'), query.get('From')];
    const pageSize = Math.min(1_000, Number(query.get('PageSize') ?? 50) || 50);
    const messages = this.accepted
      .filter((message) => message.account_sid === accountSid && (!to || message.to === to) && (!from || message.from === from))
      .reverse()
      .slice(0, pageSize);
    const uri = `/2010-04-01/Accounts/${accountSid}/Messages.json?${query}`;
    return { messages, page: 0, page_size: pageSize, first_page_uri: uri, uri, next_page_uri: null, previous_page_uri: null, start: 0, end: Math.max(0, messages.length - 1) };
  }

  private authenticates(request: IncomingMessage, accountSid: string): boolean {
    const match = /^Basic (.+)$/.exec(request.headers.authorization ?? '');
    if (!match) return false;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    const [user, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
    return colon > 0 && user === accountSid && this.accounts.get(accountSid) === password;
  }

  private fail(response: ServerResponse, { kind, retryAfterSeconds }: Failure): void {
    switch (kind) {
      case 'rate-limit':
        return error(response, 429, 20429, 'Too Many Requests', { 'Retry-After': String(retryAfterSeconds) });
      case 'server-error':
        return error(response, 500, 20500, 'An internal server error has occurred');
      case 'timeout':
        return;
      case 'malformed':
        response.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body><h1>502 Bad Gateway</h1></body></html>');
        return;
      case 'revoked':
        return error(response, 401, 20003, 'Authenticate', { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
      case 'invalid-to':
        return error(response, 400, 21211, "Invalid 'To' Phone Number");
    }
  }
}

function accountResource(sid: string): Record<string, unknown> {
  const now = new Date().toUTCString().replace('GMT', '+0000');
  return {
    sid,
    owner_account_sid: sid,
    friendly_name: 'Missive test account',
    status: 'active',
    type: 'Full',
    auth_token: '[Redacted]',
    date_created: now,
    date_updated: now,
    uri: `/2010-04-01/Accounts/${sid}.json`,
    subresource_uris: { messages: `/2010-04-01/Accounts/${sid}/Messages.json` },
  };
}

function error(response: ServerResponse, status: number, code: number, message: string, headers: Record<string, string> = {}): void {
  json(response, status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status }, headers);
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseForm(text: string): Record<string, string[]> {
  const form: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) (form[name] ??= []).push(value);
  return form;
}
