import { Metrics } from './metrics';

describe('Metrics', () => {
  it('counts and times every consumed message and provider call under its own labels', async () => {
    const metrics = new Metrics();

    metrics.consumedMessage('q', 'a.do', 'done', 0.002);
    metrics.consumedMessage('q', 'a.do', 'done', 0.003);
    metrics.consumedMessage('q', 'a.do', 'retried', 0.004);
    metrics.providerCall('sandbox', 'sent', 0.02);
    metrics.providerCall('sandbox', 'sent', 0.03);

    const text = await metrics.registry.metrics();
    expect(text).toContain('missive_messages_consumed_total{queue="q",type="a.do",outcome="done"} 2');
    expect(text).toContain('missive_messages_consumed_total{queue="q",type="a.do",outcome="retried"} 1');
    expect(text).toContain('missive_handler_duration_seconds_count{queue="q"} 3');
    expect(text).toContain('missive_provider_request_duration_seconds_count{messenger="sandbox",outcome="sent"} 2');
  });
});
