import http from 'node:http';

export interface Reply {
  status: number;
  body: string;
}

/** A small keep-alive JSON client on node:http (lighter than fetch, so the load generator takes less of the 2 cores). */
export class HttpClient {
  private readonly agent: http.Agent;

  constructor(
    private readonly port: number,
    maxSockets = 256,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<Reply> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise<Reply>((resolve, reject) => {
      const request = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          method,
          path,
          agent: this.agent,
          timeout: timeoutMs,
          headers: { ...(payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}), ...headers },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          response.on('error', reject);
        },
      );
      request.on('timeout', () => request.destroy(new Error(`${method} ${path} timed out after ${timeoutMs} ms`)));
      request.on('error', reject);
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Registers a user and logs in: the bearer header for the API. */
export async function signUp(client: HttpClient): Promise<{ userId: string; headers: Record<string, string> }> {
  const email = `bench-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
  const password = 'correct-Horse-battery-9';
  const registered = await client.request('POST', '/v1/users', { email, password });
  if (registered.status !== 201) throw new Error(`registering answered ${registered.status}: ${registered.body}`);
  const login = await client.request('POST', '/v1/users/auth/login', { email, password });
  if (login.status !== 200 && login.status !== 201) throw new Error(`logging in answered ${login.status}: ${login.body}`);
  const { access_token } = JSON.parse(login.body) as { access_token: string };
  return { userId: (JSON.parse(registered.body) as { id: string }).id, headers: { authorization: `Bearer ${access_token}` } };
}

export const MESSAGE_PATH = '/v1/messaging/message';

export function messageBody(i: number) {
  return { messenger: 'sandbox', to: `+1555${String(i % 10_000_000).padStart(7, '0')}`, text: `Your verification code is ${String((i * 7919) % 1_000_000).padStart(6, '0')}.` };
}
