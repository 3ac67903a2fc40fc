import { randomBytes, randomUUID } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo, Socket } from 'node:net';

/** A failure the next matching request gets, as a real Evolution server (or what stands before it) can answer. */
export type EvolutionFault = { kind: 'status'; status: number; retryAfter?: string } | { kind: 'timeout' } | { kind: 'malformed' };

interface StubInstance {
  name: string;
  state: 'close' | 'connecting' | 'open';
  qr: { code: string; pairingCode: string | null; count: number };
  ownerJid: string | null;
  profileName: string | null;
  webhook: { url: string; headers: Record<string, string>; events: string[] } | null;
}

export interface EvolutionCall {
  method: string;
  path: string;
  body: unknown;
}

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * An Evolution API v2 server on 127.0.0.1 speaking the routes, bodies and answers of EvolutionAPI/evolution-api
 * (src/api/routes/instance.router.ts, sendMessage.router.ts, the instance controller and the Baileys service), with
 * `apikey` checked, QR codes that rotate, webhooks posted to each instance's URL, and failures on demand.
 */
export class EvolutionStub {
  readonly apiKey = `stub-${randomUUID()}`;
  readonly calls: EvolutionCall[] = [];
  readonly webhooks: WebhookPost[] = [];
  /** Numbers (digits only) that have no WhatsApp account. */
  readonly notOnWhatsapp = new Set<string>();
  private readonly instances = new Map<string, StubInstance>();
  private readonly faults: { route: RegExp; fault: EvolutionFault }[] = [];
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next request whose `METHOD /path` matches gets this failure instead of its answer. */
  failNext(route: RegExp, fault: EvolutionFault): void {
    this.faults.push({ route, fault });
  }

  instance(name: string): Readonly<StubInstance> | undefined {
    return this.instances.get(name);
  }

  /** WhatsApp rotates the QR code: a new one, and `qrcode.updated` posted to the webhook. */
  async rotateQr(name: string): Promise<string> {
    const instance = this.mustFind(name);
    instance.qr = { code: newQrCode(), pairingCode: instance.qr.pairingCode, count: instance.qr.count + 1 };
    await this.post(instance, 'qrcode.updated', { qrcode: { instance: name, pairingCode: instance.qr.pairingCode, code: instance.qr.code, base64: `data:image/png;base64,${randomBytes(8).toString('base64')}` } });
    return instance.qr.code;
  }

  /** The phone scans the QR code: the instance turns `open` with this number, and `connection.update` is posted. */
  async scan(name: string, number: string, profileName = 'Stub Phone'): Promise<void> {
    const instance = this.mustFind(name);
    Object.assign(instance, { state: 'open', ownerJid: `${number.replace(/^\+/, '')}@s.whatsapp.net`, profileName });
    await this.post(instance, 'connection.update', { instance: name, wuid: instance.ownerJid, profileName, profilePictureUrl: null, state: 'open', statusReason: 200 });
  }

  /** The account is logged out from the phone (Baileys' 401): the instance is `close`d and `connection.update` is posted. */
  async logoutFromPhone(name: string): Promise<void> {
    const instance = this.mustFind(name);
    instance.state = 'close';
    await this.post(instance, 'connection.update', { instance: name, state: 'close', statusReason: 401 });
  }

  /** WhatsApp acknowledges a sent message: `messages.update` with `DELIVERY_ACK`, `READ`… */
  async ack(name: string, keyId: string, status: 'SERVER_ACK' | 'DELIVERY_ACK' | 'READ' | 'PLAYED' | 'ERROR'): Promise<void> {
    const instance = this.mustFind(name);
    await this.post(instance, 'messages.update', { keyId, remoteJid: '0@s.whatsapp.net', fromMe: true, participant: undefined, status, instanceId: randomUUID() });
  }

  private mustFind(name: string): StubInstance {
    const instance = this.instances.get(name);
    if (!instance) throw new Error(`no instance ${name}`);
    return instance;
  }

  private async post(instance: StubInstance, event: string, data: Record<string, unknown>): Promise<void> {
    if (!instance.webhook || !instance.webhook.events.includes(event.replace('.', '_').toUpperCase())) return;
    const body = { event, instance: instance.name, data, destination: instance.webhook.url, date_time: new Date().toISOString(), sender: instance.ownerJid, server_url: this.url, apikey: this.apiKey };
    this.webhooks.push({ url: instance.webhook.url, headers: instance.webhook.headers, body });
    if (/^https?:\/\//.test(instance.webhook.url)) {
      await fetch(instance.webhook.url, { method: 'POST', headers: { 'content-type': 'application/json', ...instance.webhook.headers }, body: JSON.stringify(body) }).catch(() => undefined);
    }
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', this.url);
    const text = Buffer.concat(chunks).toString('utf8');
    const body: unknown = text ? JSON.parse(text) : undefined;
    this.calls.push({ method: request.method ?? 'GET', path: `${url.pathname}${url.search}`, body });
    const route = `${request.method} ${url.pathname}`;
    const faultIndex = this.faults.findIndex(({ route: pattern }) => pattern.test(route));
    if (faultIndex >= 0) return this.fail(response, this.faults.splice(faultIndex, 1)[0].fault);
    if (request.headers.apikey !== this.apiKey) return send(response, 401, { status: 401, error: 'Unauthorized', response: { message: 'Unauthorized' } });
    const [, group, action, name] = url.pathname.split('/').map(decodeURIComponent);
    if (route === 'POST /instance/create') return this.create(response, body as Record<string, unknown>);
    if (route === 'GET /instance/fetchInstances') return this.fetchInstances(response, url.searchParams.get('instanceName'));
    const instance = this.instances.get(name ?? '');
    if (!instance) return send(response, 404, { status: 404, error: 'Not Found', response: { message: [`The "${name}" instance does not exist`] } });
    if (group === 'instance') return this.instanceRoute(response, `${request.method} ${action}`, instance);
    if (group === 'message' && request.method === 'POST' && (action === 'sendText' || action === 'sendMedia')) return this.sendMessage(response, action, instance, body as Record<string, unknown>);
    send(response, 404, { status: 404, error: 'Not Found', response: { message: [`Cannot ${route}`] } });
  }

  private fail(response: ServerResponse, fault: EvolutionFault): void {
    if (fault.kind === 'timeout') return;
    if (fault.kind === 'malformed') {
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"key": {"id": ');
      return;
    }
    const headers: Record<string, string> = fault.retryAfter ? { 'retry-after': fault.retryAfter } : {};
    send(response, fault.status, { status: fault.status, error: fault.status >= 500 ? 'Internal Server Error' : 'Too Many Requests', response: { message: 'stub failure' } }, headers);
  }

  private create(response: ServerResponse, body: Record<string, unknown>): void {
    const name = String(body.instanceName ?? '');
    if (!name) return send(response, 400, { status: 400, error: 'Bad Request', response: { message: ['"instanceName" not provided.'] } });
    if (this.instances.has(name)) return send(response, 403, { status: 403, error: 'Forbidden', response: { message: [`This name "${name}" is already in use.`] } });
    const webhook = body.webhook as { enabled?: boolean; url?: string; headers?: Record<string, string>; events?: string[] } | undefined;
    const instance: StubInstance = {
      name,
      state: body.qrcode ? 'connecting' : 'close',
      qr: { code: newQrCode(), pairingCode: null, count: 1 },
      ownerJid: null,
      profileName: null,
      webhook: webhook?.enabled && webhook.url ? { url: webhook.url, headers: webhook.headers ?? {}, events: webhook.events ?? [] } : null,
    };
    this.instances.set(name, instance);
    send(response, 201, {
      instance: { instanceName: name, instanceId: randomUUID(), integration: body.integration, webhookWaBusiness: null, accessTokenWaBusiness: '', status: instance.state },
      hash: randomUUID().toUpperCase(),
      webhook: { webhookUrl: webhook?.url, webhookHeaders: webhook?.headers, webhookByEvents: false, webhookBase64: false },
      settings: { rejectCall: false, msgCall: '', groupsIgnore: false, alwaysOnline: false, readMessages: false, readStatus: false, syncFullHistory: false, wavoipToken: '' },
      qrcode: body.qrcode ? this.qrOf(instance) : undefined,
    });
  }

  private fetchInstances(response: ServerResponse, name: string | null): void {
    const found = [...this.instances.values()].filter((instance) => !name || instance.name === name);
    if (name && found.length === 0) return send(response, 404, { status: 404, error: 'Not Found', response: { message: [`Instance "${name}" not found`] } });
    send(response, 200, found.map((instance) => ({ id: randomUUID(), name: instance.name, connectionStatus: instance.state, ownerJid: instance.ownerJid, profileName: instance.profileName, integration: 'WHATSAPP-BAILEYS' })));
  }

  private instanceRoute(response: ServerResponse, action: string, instance: StubInstance): void {
    if (action === 'GET connectionState') return send(response, 200, { instance: { instanceName: instance.name, state: instance.state } });
    if (action === 'GET connect') {
      if (instance.state === 'open') return send(response, 200, { instance: { instanceName: instance.name, state: 'open' } });
      if (instance.state === 'close') instance.state = 'connecting';
      return send(response, 200, this.qrOf(instance));
    }
    if (action === 'DELETE logout') {
      if (instance.state === 'close') return send(response, 400, { status: 400, error: 'Bad Request', response: { message: [`The "${instance.name}" instance is not connected`] } });
      instance.state = 'close';
      return send(response, 200, { status: 'SUCCESS', error: false, response: { message: 'Instance logged out' } });
    }
    if (action === 'DELETE delete') {
      this.instances.delete(instance.name);
      return send(response, 200, { status: 'SUCCESS', error: false, response: { message: 'Instance deleted' } });
    }
    send(response, 404, { status: 404, error: 'Not Found', response: { message: [`Cannot ${action}`] } });
  }

  private sendMessage(response: ServerResponse, action: string, instance: StubInstance, body: Record<string, unknown>): void {
    if (instance.state !== 'open') return send(response, 500, { status: 500, error: 'Internal Server Error', response: { message: 'Connection Closed' } });
    const number = String(body.number ?? '').replace(/\D/g, '');
    if (this.notOnWhatsapp.has(number)) return send(response, 400, { status: 400, error: 'Bad Request', response: { message: [{ jid: `${number}@s.whatsapp.net`, exists: false, number }] } });
    if (action === 'sendText' && !String(body.text ?? '').trim()) return send(response, 400, { status: 400, error: 'Bad Request', response: { message: ['Text is required'] } });
    if (action === 'sendMedia' && !/^[A-Za-z0-9+/]+=*$/.test(String(body.media ?? ''))) return send(response, 400, { status: 400, error: 'Bad Request', response: { message: ['Owned media must be a url or base64'] } });
    const message = action === 'sendText' ? { conversation: body.text } : { [`${String(body.mediatype)}Message`]: { mimetype: body.mimetype, fileName: body.fileName, caption: body.caption } };
    send(response, 201, {
      key: { remoteJid: `${number}@s.whatsapp.net`, fromMe: true, id: `3EB0${randomBytes(8).toString('hex').toUpperCase()}` },
      pushName: 'Você',
      status: 'PENDING',
      message,
      messageType: action === 'sendText' ? 'conversation' : `${String(body.mediatype)}Message`,
      messageTimestamp: Math.floor(Date.now() / 1000),
      instanceId: randomUUID(),
      source: 'web',
    });
  }

  private qrOf(instance: StubInstance) {
    return { pairingCode: instance.qr.pairingCode, code: instance.qr.code, base64: `data:image/png;base64,${randomBytes(8).toString('base64')}`, count: instance.qr.count };
  }
}

function newQrCode(): string {
  return `2@${randomBytes(24).toString('base64')},${randomBytes(16).toString('base64')},${randomBytes(16).toString('base64')}`;
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
