import { Injectable } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { MessengerRegistry } from '../../application/messenger-registry';

interface MessengerField {
  prototype: object;
  key: string | symbol;
  description: string;
}

const fields: MessengerField[] = [];

function document(field: MessengerField, names: readonly string[] | null): void {
  const enumeration = names ? { enum: [...names] } : { type: String };
  ApiProperty({ ...enumeration, example: names?.[0] ?? 'sandbox', description: `${field.description} GET /v1/messaging/sessions/messengers lists them.` })(field.prototype, field.key);
}

/**
 * A request's `messenger` field. Its Swagger `enum` is the registry's names, set when the app is built
 * (`MessengerEnumDocs`), so that adding an adapter adds it here with no other change.
 */
export function ApiMessengerProperty(description: string): PropertyDecorator {
  return (prototype, key) => {
    const field = { prototype, key, description };
    fields.push(field);
    document(field, null);
  };
}

/** Writes these messenger names into the Swagger `enum` of every `@ApiMessengerProperty()` field, where no app is built (`npm run openapi`). */
export function documentMessengerNames(names: readonly string[]): void {
  for (const field of fields) document(field, names);
}

/** Writes the registry's messenger names into the Swagger `enum` of every `@ApiMessengerProperty()` field. */
@Injectable()
export class MessengerEnumDocs {
  // why: in the constructor, so that it runs when Nest builds the app, before any Swagger document is made.
  constructor(registry: MessengerRegistry) {
    documentMessengerNames(registry.names);
  }
}
