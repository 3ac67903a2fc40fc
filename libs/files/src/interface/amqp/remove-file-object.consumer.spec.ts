import 'reflect-metadata';
import { CommandBus, ICommand } from '@nestjs/cqrs';
import { PATTERN_EXTRAS_METADATA, PATTERN_METADATA } from '@nestjs/microservices/constants';
import { RemoveFileObjectCommand } from '../../application/commands/remove-file-object/remove-file-object.command';
import { PoisonMessage } from '@app/platform';
import { RemoveFileObjectConsumer } from './remove-file-object.consumer';

const FILE_ID = '0190a000-0000-7000-8000-000000000002';

describe('RemoveFileObjectConsumer', () => {
  const executed: ICommand[] = [];
  const consumer = new RemoveFileObjectConsumer({ execute: async (command: ICommand) => void executed.push(command) } as unknown as CommandBus);

  beforeEach(() => {
    executed.length = 0;
  });

  it('listens to files.remove-object on its own queue', () => {
    const handler = RemoveFileObjectConsumer.prototype.removeObject;

    expect(Reflect.getMetadata(PATTERN_METADATA, handler)).toEqual(['files.remove-object']);
    expect(Reflect.getMetadata(PATTERN_EXTRAS_METADATA, handler)).toEqual({ queue: 'dispatcher.files.remove-object' });
  });

  it('runs RemoveFileObjectCommand for the file', async () => {
    await consumer.removeObject({ file_id: FILE_ID, schema_version: 1 });

    expect(executed).toEqual([new RemoveFileObjectCommand(FILE_ID)]);
  });

  it.each([
    ['no payload', null],
    ['no file_id', {}],
    ['a number', { file_id: 42 }],
    ['a path', { file_id: '../../etc/passwd' }],
  ])('refuses %s with a final domain error and runs nothing', async (_case, payload) => {
    await expect(consumer.removeObject(payload as never)).rejects.toThrow(PoisonMessage);
    expect(executed).toEqual([]);
  });
});
