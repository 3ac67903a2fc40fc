import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { runMain } from '@app/platform';
import { buildOpenApiDocument } from './openapi';

const OPENAPI_FILE = 'docs/openapi.json';

/** `npm run openapi`: writes the gateway's OpenAPI document to docs/openapi.json; needs no database or broker. */
runMain(async () => {
  mkdirSync('docs', { recursive: true });
  writeFileSync(OPENAPI_FILE, `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`);
  process.stdout.write(`wrote ${OPENAPI_FILE}\n`);
});
