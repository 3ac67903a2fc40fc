import { createHash, randomBytes } from 'node:crypto';
import { Api } from 'telegram';
import { CustomFile } from 'telegram/client/uploads';
import { RPCMessageToError } from 'telegram/errors';
import { returnBigInt } from 'telegram/Helpers';
import { computeDigest } from 'telegram/Password';
import { TelegramClientFactory, TelegramConnection } from './telegram-client';

// why: the 2048-bit safe prime Telegram's servers use for SRP, the only one GramJS accepts.
const TELEGRAM_PRIME = Buffer.from(
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b',
  'hex',
);

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const big = (bytes: Buffer) => BigInt(`0x${bytes.toString('hex') || '0'}`);
const bytes256 = (value: bigint) => Buffer.from(value.toString(16).padStart(512, '0'), 'hex');
function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  for (base %= modulus; exponent > 0n; exponent >>= 1n, base = (base * base) % modulus) if (exponent & 1n) result = (result * base) % modulus;
  return result;
}

export interface FakeAccount {
  user: Api.User;
  password?: string;
}

interface AuthKey {
  userId: string | null;
  pendingPassword: FakeAccount | null;
  srp: { b: bigint; B: Buffer; srpId: string; algo: Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow; v: bigint } | null;
  sent: Map<string, number>;
}

export interface FakeSend {
  authKey: string;
  request: Api.messages.SendMessage | Api.messages.SendMedia;
  id: number;
}

/**
 * Telegram at the GramJS client boundary: a `TelegramClientFactory` whose connections answer real `Api.*` result
 * objects, verify the two-step password by SRP as Telegram's servers do, and throw GramJS's own RPC error classes
 * (built by GramJS's `RPCMessageToError`, as it does for the server's `rpc_error`).
 */
export class FakeTelegram extends TelegramClientFactory {
  readonly accounts = new Map<string, FakeAccount>();
  readonly sends: FakeSend[] = [];
  readonly codes = new Map<string, { phone: string; code: string; expired: boolean }>();
  readonly connections: FakeConnection[] = [];
  private readonly authKeys = new Map<string, AuthKey>();
  private readonly failures: { className: string; errorCode: number; errorMessage: string }[] = [];
  private nextId = 100;

  addAccount(phone: string, fields: { id: number; username?: string; firstName?: string; password?: string }): Api.User {
    const user = new Api.User({ id: returnBigInt(fields.id), accessHash: returnBigInt(fields.id * 7), phone, username: fields.username, firstName: fields.firstName ?? 'Fake' });
    this.accounts.set(phone, { user, password: fields.password });
    return user;
  }

  /** The next request of this class (`messages.SendMessage`, `auth.SignIn`…) fails with Telegram's `rpc_error`. */
  failNext(className: string, errorCode: number, errorMessage: string): void {
    this.failures.push({ className, errorCode, errorMessage });
  }

  /** The account's login was ended elsewhere (another device, Telegram's own checks): its auth keys stop working. */
  revokeAll(): void {
    for (const key of this.authKeys.values()) Object.assign(key, { userId: null });
  }

  create(session: string): TelegramConnection {
    const authKey = session || `fake-${randomBytes(8).toString('hex')}`;
    if (!this.authKeys.has(authKey)) this.authKeys.set(authKey, { userId: null, pendingPassword: null, srp: null, sent: new Map() });
    const connection = new FakeConnection(this, authKey);
    this.connections.push(connection);
    return connection;
  }

  answer(authKey: string, request: Api.AnyRequest): unknown {
    const failure = this.failures.findIndex(({ className }) => className === request.className);
    if (failure >= 0) {
      const { errorCode, errorMessage } = this.failures.splice(failure, 1)[0];
      throw RPCMessageToError(new Api.RpcError({ errorCode, errorMessage }), request);
    }
    const key = this.authKeys.get(authKey)!;
    if (request instanceof Api.auth.SendCode) return this.sendCode(request);
    if (request instanceof Api.auth.SignIn) return this.signIn(key, request);
    if (request instanceof Api.account.GetPassword) return this.getPassword(key, request);
    if (request instanceof Api.auth.CheckPassword) return this.checkPassword(key, request);
    const user = this.authorized(key, request);
    if (request instanceof Api.auth.LogOut) return Object.assign(key, { userId: null }) && new Api.auth.LoggedOut({});
    if (request instanceof Api.contacts.ResolvePhone) return this.resolved(request, [...this.accounts.values()].find((account) => account.user.phone === request.phone), 'PHONE_NOT_OCCUPIED');
    if (request instanceof Api.contacts.ResolveUsername) return this.resolved(request, [...this.accounts.values()].find((account) => account.user.username === request.username), 'USERNAME_NOT_OCCUPIED');
    if (request instanceof Api.messages.SendMessage || request instanceof Api.messages.SendMedia) return this.send(authKey, key, request, user);
    throw new Error(`the fake does not answer ${request.className}`);
  }

  inputPeerOf(authKey: string, peer: Api.TypePeer): Api.TypeInputPeer {
    this.authorized(this.authKeys.get(authKey)!, new Api.users.GetUsers({ id: [] }));
    const account = [...this.accounts.values()].find((candidate) => peer instanceof Api.PeerUser && candidate.user.id.equals(peer.userId));
    if (!account) throw new Error(`Could not find the input entity for ${JSON.stringify(peer)}.`);
    return new Api.InputPeerUser({ userId: account.user.id, accessHash: account.user.accessHash! });
  }

  private rpc(request: Api.AnyRequest, errorCode: number, errorMessage: string): Error {
    return RPCMessageToError(new Api.RpcError({ errorCode, errorMessage }), request);
  }

  private authorized(key: AuthKey, request: Api.AnyRequest): Api.User {
    const account = [...this.accounts.values()].find((candidate) => candidate.user.id.toString() === key.userId);
    if (!account) throw this.rpc(request, 401, 'AUTH_KEY_UNREGISTERED');
    return account.user;
  }

  private sendCode(request: Api.auth.SendCode): Api.auth.SentCode {
    if (!/^\+?\d{6,15}$/.test(request.phoneNumber)) throw this.rpc(request, 400, 'PHONE_NUMBER_INVALID');
    const phoneCodeHash = randomBytes(9).toString('hex');
    this.codes.set(phoneCodeHash, { phone: request.phoneNumber.replace(/^\+/, ''), code: String(10_000 + (this.nextId % 90_000)), expired: false });
    return new Api.auth.SentCode({ type: new Api.auth.SentCodeTypeApp({ length: 5 }), phoneCodeHash, timeout: 60 });
  }

  private signIn(key: AuthKey, request: Api.auth.SignIn): Api.auth.TypeAuthorization {
    const sent = this.codes.get(request.phoneCodeHash);
    if (!sent || sent.phone !== request.phoneNumber.replace(/^\+/, '')) throw this.rpc(request, 400, 'PHONE_CODE_HASH_EMPTY');
    if (sent.expired) throw this.rpc(request, 400, 'PHONE_CODE_EXPIRED');
    if (request.phoneCode !== sent.code) throw this.rpc(request, 400, 'PHONE_CODE_INVALID');
    const account = this.accounts.get(sent.phone);
    if (!account) return new Api.auth.AuthorizationSignUpRequired({});
    if (account.password) {
      key.pendingPassword = account;
      throw this.rpc(request, 401, 'SESSION_PASSWORD_NEEDED');
    }
    key.userId = account.user.id.toString();
    return new Api.auth.Authorization({ user: account.user });
  }

  private async getPassword(key: AuthKey, request: Api.AnyRequest): Promise<Api.account.Password> {
    const account = key.pendingPassword;
    if (!account?.password) throw this.rpc(request, 401, 'AUTH_KEY_UNREGISTERED');
    const algo = new Api.PasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow({ salt1: randomBytes(40), salt2: randomBytes(16), g: 3, p: TELEGRAM_PRIME });
    const v = big(await computeDigest(algo, account.password));
    const p = big(TELEGRAM_PRIME);
    const k = big(sha(TELEGRAM_PRIME, bytes256(3n)));
    const b = big(randomBytes(256));
    const B = bytes256((k * v + modPow(3n, b, p)) % p);
    const srpId = randomBytes(7).readUIntBE(0, 6).toString();
    key.srp = { b, B, srpId, algo, v };
    return new Api.account.Password({ hasPassword: true, currentAlgo: algo, srp_B: B, srpId: returnBigInt(srpId), newAlgo: new Api.PasswordKdfAlgoUnknown(), newSecureAlgo: new Api.SecurePasswordKdfAlgoUnknown(), secureRandom: randomBytes(32) });
  }

  private checkPassword(key: AuthKey, request: Api.auth.CheckPassword): Api.auth.Authorization {
    const srp = key.srp;
    const check = request.password;
    if (!srp || !(check instanceof Api.InputCheckPasswordSRP) || check.srpId.toString() !== srp.srpId) throw this.rpc(request, 400, 'SRP_ID_INVALID');
    const p = big(TELEGRAM_PRIME);
    const A = Buffer.from(check.A);
    const u = big(sha(A, srp.B));
    const S = modPow((big(A) * modPow(srp.v, u, p)) % p, srp.b, p);
    const hashes = [sha(TELEGRAM_PRIME), sha(bytes256(3n))];
    const xor = Buffer.from(hashes[0].map((byte, index) => byte ^ hashes[1][index]));
    const expected = sha(xor, sha(srp.algo.salt1), sha(srp.algo.salt2), A, srp.B, sha(bytes256(S)));
    key.srp = null;
    if (!expected.equals(Buffer.from(check.M1))) throw this.rpc(request, 400, 'PASSWORD_HASH_INVALID');
    key.userId = key.pendingPassword!.user.id.toString();
    return new Api.auth.Authorization({ user: key.pendingPassword!.user });
  }

  private resolved(request: Api.AnyRequest, account: FakeAccount | undefined, missing: string): Api.contacts.ResolvedPeer {
    if (!account) throw this.rpc(request, 400, missing);
    return new Api.contacts.ResolvedPeer({ peer: new Api.PeerUser({ userId: account.user.id }), users: [account.user], chats: [] });
  }

  private send(authKey: string, key: AuthKey, request: Api.messages.SendMessage | Api.messages.SendMedia, _from: Api.User): Api.TypeUpdates {
    const randomId = request.randomId!.toString();
    if (key.sent.has(randomId)) throw this.rpc(request, 400, 'RANDOM_ID_DUPLICATE');
    const id = this.nextId++;
    key.sent.set(randomId, id);
    this.sends.push({ authKey, request, id });
    const date = Math.floor(Date.now() / 1000);
    if (request instanceof Api.messages.SendMessage) return new Api.UpdateShortSentMessage({ out: true, id, pts: id, ptsCount: 1, date });
    return new Api.Updates({ updates: [new Api.UpdateMessageID({ id, randomId: request.randomId! })], users: [], chats: [], date, seq: 0 });
  }
}

/** One client of the fake: connected or not, its StringSession the auth key the fake knows it by. */
export class FakeConnection implements TelegramConnection {
  connected = false;
  readonly uploads: CustomFile[] = [];

  constructor(
    private readonly telegram: FakeTelegram,
    private readonly authKey: string,
  ) {}

  async connect(): Promise<boolean> {
    this.connected = true;
    return true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
  }

  async invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
    if (!this.connected) throw new Error('Cannot send requests while disconnected. You need to call .connect()');
    return (await this.telegram.answer(this.authKey, request)) as R['__response'];
  }

  async uploadFile({ file }: { file: CustomFile; workers: number }): Promise<Api.TypeInputFile> {
    this.uploads.push(file);
    return new Api.InputFile({ id: returnBigInt(this.uploads.length), parts: 1, name: file.name, md5Checksum: '' });
  }

  async getInputEntity(peer: Api.TypePeer): Promise<Api.TypeInputPeer> {
    return this.telegram.inputPeerOf(this.authKey, peer);
  }

  sessionString(): string {
    return this.authKey;
  }
}
