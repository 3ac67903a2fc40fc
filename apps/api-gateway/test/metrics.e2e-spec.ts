import { OpsServer } from '@app/platform';
import { Gateway, startGateway } from './gateway';

describe('GET /metrics', () => {
  let gateway: Gateway;
  let ops: string;

  beforeAll(async () => {
    gateway = await startGateway({ OPS_PORT: '0' });
    ops = await gateway.app.get(OpsServer).listen();
  });

  afterAll(() => gateway.close());

  const scrape = async () => {
    const response = await fetch(`${ops}/metrics`);
    return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
  };

  it('is not on the API port: that one is public', async () => {
    const reply = await gateway.request('GET', '/metrics');
    expect(reply.status).toBe(404);
    expect(reply.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('serves Prometheus text on the ops port, with HTTP rate, errors and latency by route of the API port', async () => {
    await gateway.request('GET', '/health/live');
    await gateway.request('GET', '/v1/users/auth/current_user');
    const reply = await scrape();
    expect(reply.status).toBe(200);
    expect(reply.contentType).toContain('text/plain');
    expect(reply.body).toMatch(/missive_http_requests_total\{method="GET",route="\/health\/live",status="200"\} [1-9]/);
    expect(reply.body).toMatch(/missive_http_requests_total\{method="GET",route="\/v1\/users\/auth\/current_user",status="401"\} [1-9]/);
    expect(reply.body).toContain('missive_http_request_duration_seconds_bucket');
    expect(reply.body).toContain('missive_process_cpu_seconds_total');
  });

  it('labels unknown paths as unmatched, so a scan cannot blow up the label set', async () => {
    await gateway.request('GET', '/no/such/path/123');
    const { body } = await scrape();
    expect(body).toMatch(/route="unmatched",status="404"/);
    expect(body).not.toContain('/no/such/path/123');
  });

  it('serves nothing else on the ops port, and stops with the app', async () => {
    expect((await fetch(`${ops}/v1/users/auth/current_user`)).status).toBe(404);
    const other = await startGateway({ OPS_PORT: '0' });
    const url = await other.app.get(OpsServer).listen();
    await other.close();
    await expect(fetch(`${url}/metrics`)).rejects.toThrow();
  });
});
