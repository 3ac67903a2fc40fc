import { UnknownImportType } from '../domain/import.errors';
import { ImportBatchOutcome, ImportType, RowSchema } from './import-type';
import { ImportTypes } from './import-types';

class NamedType extends ImportType<null> {
  constructor(readonly name: string) {
    super();
  }
  async parseConfig(): Promise<null> {
    return null;
  }
  rowSchema(): RowSchema {
    return { fields: [] };
  }
  async handle(): Promise<ImportBatchOutcome> {
    return { saved: 0, errors: [] };
  }
  async cancelled(): Promise<void> {}
}

describe('ImportTypes', () => {
  it('finds a registered type by name, and names the known ones for an unknown name', () => {
    const types = new ImportTypes();
    const messages = new NamedType('messages');
    types.register(messages);
    types.register(messages);

    expect(types.get('messages')).toBe(messages);
    expect(() => types.get('contacts')).toThrow(new UnknownImportType('contacts', ['messages']));
    expect(() => types.get('contacts')).toThrow('Unknown import_type "contacts": use one of messages.');
  });

  it('refuses two types of one name', () => {
    const types = new ImportTypes();
    types.register(new NamedType('messages'));
    expect(() => types.register(new NamedType('messages'))).toThrow('Two import types are named messages');
  });
});
