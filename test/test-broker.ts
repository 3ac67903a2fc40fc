/** RabbitMQ for the tests: a vhost of their own per run, made and removed through the management API. */
export const TEST_BROKER = process.env.TEST_AMQP_SERVER ?? 'amqp://guest:guest@127.0.0.1:5672';
const MANAGEMENT = process.env.TEST_RABBITMQ_MANAGEMENT_URL ?? 'http://guest:guest@127.0.0.1:15672';

async function management(method: string, path: string, body?: object): Promise<Response> {
  const url = new URL(MANAGEMENT);
  const auth = Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64');
  url.username = '';
  url.password = '';
  try {
    return await fetch(new URL(path, url), {
      method,
      headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch (error) {
    throw new Error(`The tests need RabbitMQ's management API at ${url.origin} (rabbitmq-plugins enable rabbitmq_management): ${(error as Error).message}`);
  }
}

export async function createVhost(name: string): Promise<string> {
  const user = decodeURIComponent(new URL(TEST_BROKER).username || 'guest');
  for (const [path, body] of [
    [`/api/vhosts/${name}`, {}],
    [`/api/permissions/${name}/${user}`, { configure: '.*', write: '.*', read: '.*' }],
  ] as const) {
    const response = await management('PUT', path, body);
    if (!response.ok) throw new Error(`RabbitMQ management answered ${response.status} to PUT ${path}: ${await response.text()}`);
  }
  const url = new URL(TEST_BROKER);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function deleteVhost(name: string): Promise<void> {
  await management('DELETE', `/api/vhosts/${name}`);
}

/** Vhosts left by runs that were killed, older than six hours. */
export async function staleVhosts(olderThan: string): Promise<string[]> {
  const response = await management('GET', '/api/vhosts');
  const vhosts = (await response.json()) as { name: string }[];
  return vhosts.map(({ name }) => name).filter((name) => name.startsWith('missive_test_') && name < olderThan);
}
