import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, SMTPServerAddress } from 'smtp-server';

/** One message the server accepted. */
export interface ReceivedMail {
  /** The envelope: `MAIL FROM` and the `RCPT TO`s it accepted. */
  from: string;
  to: string[];
  /** The login it came under. */
  user: string | undefined;
  parsed: ParsedMail;
}

/** An SMTP reply the server answers with instead of accepting. */
interface Refusal {
  responseCode: number;
  message: string;
}

/**
 * A real SMTP server (`smtp-server`) on 127.0.0.1, port 0, for tests: logs in the users it was given (else `535`),
 * greylists (`451`) or rejects (`550`) the recipients it is told to, parses what it accepts. Plain by default, with no
 * STARTTLS; `secure: true` speaks TLS from the first byte with smtp-server's own test certificate.
 */
export class SmtpStub {
  readonly received: ReceivedMail[] = [];
  /** Connections opened to it, in all. */
  connections = 0;
  private readonly refusals = new Map<string, Refusal>();
  private nextData: Refusal | null = null;

  private readonly server: SMTPServer;

  private constructor(
    private readonly users: Map<string, string>,
    secure: boolean,
  ) {
    this.server = new SMTPServer({
      secure,
      logger: false,
      disabledCommands: secure ? [] : ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      onConnect: (_session, callback) => {
        this.connections++;
        callback();
      },
      onAuth: (auth, _session, callback) => {
        if (this.users.get(auth.username ?? '') === auth.password) return callback(null, { user: auth.username });
        callback(new Error('5.7.8 Authentication credentials invalid'));
      },
      onRcptTo: (address: SMTPServerAddress, _session, callback) => {
        const refusal = this.refusals.get(address.address.toLowerCase());
        callback(refusal ? Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode }) : undefined);
      },
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const refusal = this.nextData;
            this.nextData = null;
            if (refusal) return callback(Object.assign(new Error(refusal.message), { responseCode: refusal.responseCode }));
            const envelope = session.envelope;
            this.received.push({
              from: envelope.mailFrom ? envelope.mailFrom.address : '',
              to: envelope.rcptTo.map((rcpt) => rcpt.address),
              user: session.user as string | undefined,
              parsed,
            });
            callback(null, 'Ok: queued');
          })
          .catch((error: Error) => callback(error));
      },
    });
    // why: a client that gives up on the TLS handshake is what some tests do on purpose; it is no failure of the stub.
    this.server.on('error', () => undefined);
  }

  static async start({ users = {}, secure = false }: { users?: Record<string, string>; secure?: boolean } = {}): Promise<SmtpStub> {
    const stub = new SmtpStub(new Map(Object.entries(users)), secure);
    await new Promise<void>((resolve) => stub.server.listen(0, '127.0.0.1', resolve));
    return stub;
  }

  get port(): number {
    return (this.server.server.address() as AddressInfo).port;
  }

  addUser(user: string, password: string): void {
    this.users.set(user, password);
  }

  /** Answers `451` (greylisted: try again later) to `RCPT TO` this address. */
  greylist(address: string): void {
    this.refusals.set(address.toLowerCase(), { responseCode: 451, message: '4.7.1 Greylisted, please try again later' });
  }

  /** Answers `550` (mailbox unavailable) to `RCPT TO` this address. */
  reject(address: string): void {
    this.refusals.set(address.toLowerCase(), { responseCode: 550, message: '5.1.1 Mailbox unavailable' });
  }

  /** Answers the next message's data with this reply instead of accepting it. */
  refuseNextData(responseCode: number, message: string): void {
    this.nextData = { responseCode, message };
  }

  /** The messages accepted with this `Message-ID`. */
  withMessageId(messageId: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.parsed.messageId === messageId);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
