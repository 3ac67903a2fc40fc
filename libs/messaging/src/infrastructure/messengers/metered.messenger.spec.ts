import { Metrics } from '@app/platform';
import { Messenger, OutgoingMessage, ProviderReceipt } from '../../application/ports/messenger';
import { MessageRefused } from '../../domain/messenger.errors';
import { MeteredMessenger } from './metered.messenger';
import { SANDBOX_DESCRIPTOR } from './sandbox.messenger';

class ScriptedMessenger extends Messenger {
  readonly descriptor = SANDBOX_DESCRIPTOR;
  next: () => Promise<ProviderReceipt> = async () => ({ providerMessageId: 'p-1' });

  send(_message: OutgoingMessage): Promise<ProviderReceipt> {
    return this.next();
  }
}

const message: OutgoingMessage = { messageId: 'm-1', ownerId: 'o-1', to: '+15550100', text: 'hi', session: null };

async function observations(metrics: Metrics): Promise<Record<string, number>> {
  const { values } = await metrics.providerDuration.get();
  return Object.fromEntries(
    values.filter((value) => value.metricName === 'missive_provider_request_duration_seconds_count').map((value) => [`${value.labels.messenger}/${value.labels.outcome}`, value.value]),
  );
}

describe('MeteredMessenger', () => {
  let inner: ScriptedMessenger;
  let metrics: Metrics;
  let metered: MeteredMessenger;

  beforeEach(() => {
    inner = new ScriptedMessenger();
    metrics = new Metrics();
    metered = new MeteredMessenger(inner, metrics);
  });

  it('keeps the name of the messenger it wraps', () => {
    expect(metered.name).toBe('sandbox');
  });

  it('times a send the provider took, and hands back its receipt', async () => {
    await expect(metered.send(message)).resolves.toEqual({ providerMessageId: 'p-1' });
    expect(await observations(metrics)).toEqual({ 'sandbox/sent': 1 });
  });

  it('times a final refusal as refused and a transient failure as error, and rethrows both', async () => {
    inner.next = () => Promise.reject(new MessageRefused('no such number'));
    await expect(metered.send(message)).rejects.toBeInstanceOf(MessageRefused);
    inner.next = () => Promise.reject(new Error('timeout'));
    await expect(metered.send(message)).rejects.toThrow('timeout');
    expect(await observations(metrics)).toEqual({ 'sandbox/refused': 1, 'sandbox/error': 1 });
  });

  it("times each message of a sendMany by its outcome, and hands back the wrapped messenger's answers", async () => {
    let call = 0;
    inner.next = () => [async () => ({ providerMessageId: 'p-1' }), () => Promise.reject(new MessageRefused('no')), () => Promise.reject(new Error('reset'))][call++]();

    const outcomes = await metered.sendMany([message, message, message]);

    expect(outcomes[0]).toEqual({ providerMessageId: 'p-1' });
    expect(outcomes[1]).toBeInstanceOf(MessageRefused);
    expect(outcomes[2]).toBeInstanceOf(Error);
    expect(await observations(metrics)).toEqual({ 'sandbox/sent': 1, 'sandbox/refused': 1, 'sandbox/error': 1 });
  });

  it('times every message as an error when the whole sendMany fails, and rethrows', async () => {
    jest.spyOn(inner, 'sendMany').mockRejectedValueOnce(new Error('socket hang up'));

    await expect(metered.sendMany([message, message])).rejects.toThrow('socket hang up');
    expect(await observations(metrics)).toEqual({ 'sandbox/error': 2 });
  });
});
