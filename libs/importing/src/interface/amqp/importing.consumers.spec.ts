import { CommandBus } from '@nestjs/cqrs';
import { PoisonMessage } from '@app/platform';
import { ProcessImportBatchCommand } from '../../application/commands/process-import-batch/process-import-batch.command';
import { StageImportCommand } from '../../application/commands/stage-import/stage-import.command';
import { ProcessImportBatchConsumer } from './process-import-batch.consumer';
import { StageImportConsumer } from './stage-import.consumer';

const ID = '0190A000-0000-7000-8000-0000000000A1';

describe('importing consumers', () => {
  const executed: unknown[] = [];
  const commands = { execute: async (command: unknown) => executed.push(command) } as unknown as CommandBus;

  beforeEach(() => (executed.length = 0));

  it('stage a well-formed import id, lowercased', async () => {
    await new StageImportConsumer(commands).stage({ import_id: ID, schema_version: 1 });
    expect(executed).toEqual([new StageImportCommand(ID.toLowerCase())]);
  });

  it('process a well-formed batch', async () => {
    await new ProcessImportBatchConsumer(commands).process({ import_id: ID, after_row: 2001, schema_version: 1 });
    expect(executed).toEqual([new ProcessImportBatchCommand(ID.toLowerCase(), 2001)]);
  });

  it.each([null, {}, { import_id: 'nope' }, { import_id: 42 }])('dead-letter a staging command without a uuid import_id (%j), saying so', async (payload) => {
    const staging = new StageImportConsumer(commands).stage(payload as never);
    await expect(staging).rejects.toThrow(PoisonMessage);
    await expect(new StageImportConsumer(commands).stage(payload as never)).rejects.toThrow(/importing.stage-import needs a uuid import_id/);
    expect(executed).toEqual([]);
  });

  it.each([{ import_id: ID }, { import_id: ID, after_row: -1 }, { import_id: ID, after_row: 1.5 }, { import_id: 'x', after_row: 0 }])(
    'dead-letter a batch command without a uuid import_id and a whole after_row (%j)',
    async (payload) => {
      await expect(new ProcessImportBatchConsumer(commands).process(payload as never)).rejects.toThrow(/needs a uuid import_id and a whole after_row ≥ 0/);
      expect(executed).toEqual([]);
    },
  );
});
