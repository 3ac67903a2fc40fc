import { Gateway, startGateway } from './gateway';

describe('GET /metrics', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startGateway();
  });

  afterAll(() => gateway.close());

  it('serves Prometheus text without credentials, with HTTP rate, errors and latency by route', async () => {
    await gateway.request('GET', '/health/live');
    await gateway.request('GET', '/v1/users/auth/current_user');
    const reply = await gateway.request('GET', '/metrics');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toContain('text/plain');
    expect(reply.body).toMatch(/missive_http_requests_total\{method="GET",route="\/health\/live",status="200"\} [1-9]/);
    expect(reply.body).toMatch(/missive_http_requests_total\{method="GET",route="\/v1\/users\/auth\/current_user",status="401"\} [1-9]/);
    expect(reply.body).toContain('missive_http_request_duration_seconds_bucket');
    expect(reply.body).toContain('missive_process_cpu_seconds_total');
  });

  it('labels unknown paths as unmatched, so a scan cannot blow up the label set', async () => {
    await gateway.request('GET', '/no/such/path/123');
    const reply = await gateway.request('GET', '/metrics');
    expect(reply.body).toMatch(/route="unmatched",status="404"/);
    expect(reply.body).not.toContain('/no/such/path/123');
  });
});
