import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindingsOfModule, DEFAULT_QUEUE_TYPE, DEFAULT_RETRY_SCHEDULE, definitionsOf, EnvReader, QUEUE_TYPES, topologyFromDefinitions, topologyOf } from '@app/platform';
import { ConsumersModule } from '@app/composition';

describe('rabbitmq/definitions.json', () => {
  const committed = JSON.parse(readFileSync(join(__dirname, '../../rabbitmq/definitions.json'), 'utf8'));
  const schedule = new EnvReader({}).durations('RETRY_SCHEDULE', DEFAULT_RETRY_SCHEDULE, 10);
  const declared = (queueType: (typeof QUEUE_TYPES)[number]) => topologyOf(bindingsOfModule(ConsumersModule), schedule, queueType);
  const generated = definitionsOf(declared(DEFAULT_QUEUE_TYPE));

  it('is what the consumers declare (run `npm run topology:export` after adding one)', () => {
    expect(committed).toEqual(generated);
  });

  it.each(QUEUE_TYPES)('is read back by the relay as the dispatcher declares it with AMQP_QUEUE_TYPE=%s', (queueType) => {
    expect(topologyFromDefinitions(committed, queueType)).toEqual(declared(queueType));
  });

  it('gives every handler queue a dead-letter queue bound on missive.dead', () => {
    const queues: string[] = committed.queues.map((queue: { name: string }) => queue.name);
    const handlers = queues.filter((name) => name.startsWith('dispatcher.') && !name.endsWith('.dlq'));
    expect(handlers).toContain('dispatcher.messaging.send-message');
    for (const queue of handlers) {
      expect(committed.bindings).toContainEqual(expect.objectContaining({ source: 'missive.dead', destination: `${queue}.dlq`, routing_key: queue }));
    }
  });

  it('routes the send-message command to its queue', () => {
    expect(committed.bindings).toContainEqual(
      expect.objectContaining({ source: 'missive.commands', destination: 'dispatcher.messaging.send-message', routing_key: 'messaging.send-message' }),
    );
  });

  it.each(['importing.stage-import', 'importing.process-import-batch'])('routes the %s command to its queue', (command) => {
    expect(committed.bindings).toContainEqual(expect.objectContaining({ source: 'missive.commands', destination: `dispatcher.${command}`, routing_key: command }));
  });
});
