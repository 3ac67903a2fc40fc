import { IncomingHttpHeaders, Server, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { uuidV7 } from '@app/shared-kernel';
import { EvolutionStub } from '../../../../../../test/stubs/evolution.stub';
import { OutgoingAttachment, OutgoingMessage, SenderSession } from '../../../application/ports/messenger';
import { MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { EvolutionSettings } from './evolution.settings';
import { EvolutionWhatsappMessenger, instanceNameOf } from './evolution-whatsapp.messenger';

interface Received {
  headers: IncomingHttpHeaders;
  body: unknown;
}

async function receiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    received.push({ headers: request.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
    response.writeHead(204).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/webhooks/whatsapp`, received };
}

describe('EvolutionWhatsappMessenger against an Evolution API v2 stub', () => {
  let stub: EvolutionStub;
  let hooks: Awaited<ReturnType<typeof receiver>>;
  let whatsapp: EvolutionWhatsappMessenger;

  beforeAll(async () => {
    stub = await new EvolutionStub().start();
    hooks = await receiver();
    whatsapp = new EvolutionWhatsappMessenger(new EvolutionSettings(stub.url, stub.apiKey, 500));
  });

  afterAll(async () => {
    await stub.stop();
    await new Promise((resolve) => hooks.server.close(resolve));
  });

  const sessionOf = (instance: string): SenderSession => ({ id: uuidV7(), ownerId: uuidV7(), messenger: 'whatsapp', address: '+5511900000000', secrets: { instance } });
  const message = (session: SenderSession, fields: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    messageId: uuidV7(),
    ownerId: session.ownerId,
    to: '+5511988887777',
    text: 'hello from Missive',
    session,
    ...fields,
  });

  async function connected(number = '+5511900000001'): Promise<{ session: SenderSession; instance: string }> {
    const sessionId = uuidV7();
    await whatsapp.startQr({ sessionId, webhookUrl: null, webhookSecret: 'unused' });
    const instance = instanceNameOf(sessionId);
    await stub.scan(instance, number);
    return { session: sessionOf(instance), instance };
  }

  it('says what to set while EVOLUTION_API_URL or EVOLUTION_API_KEY is unset', () => {
    expect(new EvolutionWhatsappMessenger(EvolutionSettings.fromEnv({})).unavailableReason).toMatch(/EVOLUTION_API_URL and EVOLUTION_API_KEY/);
    expect(new EvolutionWhatsappMessenger(EvolutionSettings.fromEnv({ EVOLUTION_API_URL: stub.url })).unavailableReason).toMatch(/set EVOLUTION_API_KEY to/);
    expect(whatsapp.unavailableReason).toBeNull();
    expect(() => EvolutionSettings.fromEnv({ EVOLUTION_API_URL: 'ftp://x' })).toThrow('Invalid configuration: EVOLUTION_API_URL must be a URL starting with http:// or https://, got "ftp://x"');
  });

  it('creates a Baileys instance with its webhook, answers its QR code, and turns active with the number once the phone scanned it', async () => {
    const sessionId = uuidV7();
    const instance = instanceNameOf(sessionId);

    const started = await whatsapp.startQr({ sessionId, webhookUrl: `${hooks.url}/${sessionId}`, webhookSecret: 's3cret' });

    expect(started).toEqual({ status: 'pending_qr', state: { instance }, qr: { code: stub.instance(instance)!.qr.code, pairingCode: null } });
    expect(stub.calls.find((call) => call.path === '/instance/create')?.body).toEqual({
      instanceName: instance,
      qrcode: true,
      integration: 'WHATSAPP-BAILEYS',
      webhook: { enabled: true, url: `${hooks.url}/${sessionId}`, byEvents: false, base64: false, headers: { authorization: 'Bearer s3cret' }, events: ['CONNECTION_UPDATE', 'QRCODE_UPDATED', 'MESSAGES_UPDATE', 'MESSAGES_UPSERT'] },
    });

    const rotated = await stub.rotateQr(instance);
    expect(await whatsapp.pollQr(started.status === 'pending_qr' ? started.state : {})).toEqual({ status: 'pending_qr', state: { instance }, qr: { code: rotated, pairingCode: null } });

    await stub.scan(instance, '+5511912345678', 'Ana');
    expect(await whatsapp.pollQr({ instance })).toEqual({ status: 'active', secrets: { instance }, address: '+5511912345678', displayName: 'Ana' });

    expect(hooks.received.map(({ headers }) => headers.authorization)).toEqual(['Bearer s3cret', 'Bearer s3cret']);
    expect(hooks.received.flatMap(({ body }) => whatsapp.readSessionWebhook(body))).toEqual([
      { kind: 'qr', qr: { code: rotated, pairingCode: null } },
      { kind: 'connected', address: '+5511912345678', displayName: 'Ana' },
    ]);
  });

  it('finds its own instance when a start is retried after its answer was lost', async () => {
    const sessionId = uuidV7();
    await whatsapp.startQr({ sessionId, webhookUrl: null, webhookSecret: 'x' });

    await expect(whatsapp.startQr({ sessionId, webhookUrl: null, webhookSecret: 'x' })).resolves.toMatchObject({ status: 'pending_qr', state: { instance: instanceNameOf(sessionId) } });
  });

  it("sends text and hands back WhatsApp's message key id", async () => {
    const { session, instance } = await connected();

    const receipt = await whatsapp.send(message(session));

    expect(receipt.providerMessageId).toMatch(/^3EB0[0-9A-F]{16}$/);
    expect(stub.calls.at(-1)).toEqual({ method: 'POST', path: `/message/sendText/${instance}`, body: { number: '5511988887777', text: 'hello from Missive' } });
  });

  it('sends media as base64 with its type and name, the text as the first caption', async () => {
    const { session, instance } = await connected();
    const attachment = (fileName: string, contentType: string, bytes: string): OutgoingAttachment => ({ fileId: uuidV7(), fileName, contentType, size: bytes.length, url: null, read: async () => Buffer.from(bytes) });

    const receipt = await whatsapp.send(message(session, { attachments: [attachment('a.png', 'image/png', 'PNG!'), attachment('b.pdf', 'application/pdf', '%PDF')] }));

    const media = stub.calls.filter((call) => call.path === `/message/sendMedia/${instance}`).map((call) => call.body);
    expect(media).toEqual([
      { number: '5511988887777', mediatype: 'image', mimetype: 'image/png', fileName: 'a.png', media: Buffer.from('PNG!').toString('base64'), caption: 'hello from Missive' },
      { number: '5511988887777', mediatype: 'document', mimetype: 'application/pdf', fileName: 'b.pdf', media: Buffer.from('%PDF').toString('base64') },
    ]);
    expect(receipt.providerMessageId).toMatch(/^3EB0/);
  });

  it('reads delivery and read receipts from messages.update, and ignores what it does not act on', async () => {
    const sessionId = uuidV7();
    await whatsapp.startQr({ sessionId, webhookUrl: `${hooks.url}/${sessionId}`, webhookSecret: 'k' });
    const instance = instanceNameOf(sessionId);
    await stub.scan(instance, '+5511911112222');
    const { providerMessageId } = await whatsapp.send(message(sessionOf(instance)));
    await stub.ack(instance, providerMessageId, 'DELIVERY_ACK');
    await stub.ack(instance, providerMessageId, 'READ');
    await stub.ack(instance, providerMessageId, 'SERVER_ACK');

    const events = stub.webhooks.filter((hook) => hook.body.instance === instance).flatMap((hook) => whatsapp.readSessionWebhook(hook.body));

    expect(events).toEqual([
      { kind: 'connected', address: '+5511911112222', displayName: 'Stub Phone' },
      { kind: 'receipt', providerMessageId, status: 'delivered', at: expect.any(Date) },
      { kind: 'receipt', providerMessageId, status: 'read', at: expect.any(Date) },
      { kind: 'ignored', type: 'messages.update:SERVER_ACK' },
    ]);
    expect(whatsapp.readSessionWebhook({ event: 'messages.upsert', instance, data: { key: { id: 'x' } } })).toEqual([{ kind: 'ignored', type: 'messages.upsert' }]);
    expect(whatsapp.readSessionWebhook('garbage')).toEqual([{ kind: 'ignored', type: 'unknown' }]);
  });

  it('reads a logout from the phone as disconnected, and then fails sends as auth revoked', async () => {
    const sessionId = uuidV7();
    await whatsapp.startQr({ sessionId, webhookUrl: `${hooks.url}/${sessionId}`, webhookSecret: 'k' });
    const instance = instanceNameOf(sessionId);
    await stub.scan(instance, '+5511933334444');

    await stub.logoutFromPhone(instance);

    expect(whatsapp.readSessionWebhook(stub.webhooks.at(-1)!.body)).toEqual([{ kind: 'disconnected', reason: 'WhatsApp connection close (status 401)' }]);
    const failure = await whatsapp.send(message(sessionOf(instance))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SessionAuthRevoked);
    expect(failure).toMatchObject({ code: 'instance_logged_out' });
  });

  it('refuses a number that is not on WhatsApp for good', async () => {
    const { session } = await connected();
    stub.notOnWhatsapp.add('5511900009999');

    const failure = await whatsapp.send(message(session, { to: '+5511900009999' })).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(MessageRefused);
    expect(failure).toMatchObject({ code: 'not_on_whatsapp', message: '5511900009999 is not on WhatsApp' });
  });

  it('fails sends from an instance the server no longer has as auth revoked', async () => {
    await expect(whatsapp.send(message(sessionOf('missive-gone')))).rejects.toMatchObject({ constructor: SessionAuthRevoked, code: 'instance_not_found' });
  });

  it("answers 429 as unavailable for the server's Retry-After, and 5xx as unavailable", async () => {
    const { session } = await connected();
    stub.failNext(/^POST \/message\/sendText/, { kind: 'status', status: 429, retryAfter: '7' });
    stub.failNext(/^POST \/message\/sendText/, { kind: 'status', status: 503 });

    await expect(whatsapp.send(message(session))).rejects.toMatchObject({ constructor: ProviderUnavailable, code: 'http_429', retryAfterMs: 7_000 });
    await expect(whatsapp.send(message(session))).rejects.toMatchObject({ constructor: ProviderUnavailable, code: 'http_503', retryAfterMs: null });
    await expect(whatsapp.send(message(session))).resolves.toEqual({ providerMessageId: expect.any(String) });
  });

  it('answers a server that does not answer in time, or answers no JSON, as unavailable', async () => {
    const { session } = await connected();
    stub.failNext(/^POST \/message\/sendText/, { kind: 'timeout' });
    stub.failNext(/^POST \/message\/sendText/, { kind: 'malformed' });

    await expect(whatsapp.send(message(session))).rejects.toMatchObject({ constructor: ProviderUnavailable, code: 'timeout', message: expect.stringContaining('within 500 ms') });
    await expect(whatsapp.send(message(session))).rejects.toMatchObject({ constructor: ProviderUnavailable, code: 'malformed_response' });
  });

  it('answers a refused API key as unavailable naming the setting, not as a revoked session', async () => {
    const wrongKey = new EvolutionWhatsappMessenger(new EvolutionSettings(stub.url, 'wrong', 500));
    const { session } = await connected();

    await expect(wrongKey.send(message(session))).rejects.toMatchObject({ constructor: ProviderUnavailable, code: 'evolution_unauthorized', message: expect.stringContaining('EVOLUTION_API_KEY') });
  });

  it('logs out and deletes the instance, and takes an instance already gone as done', async () => {
    const { session, instance } = await connected();

    await whatsapp.logout(session);
    await whatsapp.logout(session);

    expect(stub.instance(instance)).toBeUndefined();
    expect(stub.calls.filter((call) => call.method === 'DELETE' && call.path.endsWith(instance)).map((call) => call.path)).toEqual([
      `/instance/logout/${instance}`,
      `/instance/delete/${instance}`,
      `/instance/logout/${instance}`,
      `/instance/delete/${instance}`,
    ]);
  });
});
