import { Injectable } from '@nestjs/common';
import { UnknownImportType } from '../domain/import.errors';
import { ImportType } from './import-type';

/** The import types of this process, by name: each one registered once by the context that owns it. */
@Injectable()
export class ImportTypes {
  private readonly byName = new Map<string, ImportType>();

  register<C>(type: ImportType<C>): void {
    const known = this.byName.get(type.name);
    if (known && known !== (type as unknown)) throw new Error(`Two import types are named ${type.name}`);
    this.byName.set(type.name, type as unknown as ImportType);
  }

  get names(): string[] {
    return [...this.byName.keys()];
  }

  get(name: string): ImportType {
    const type = this.byName.get(name);
    if (!type) throw new UnknownImportType(name, this.names);
    return type;
  }
}
