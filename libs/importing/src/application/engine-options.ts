import { ConfigProblem, InvalidImportConfig } from '../domain/import.errors';
import { UNKNOWN_COLUMN_POLICIES, UnknownColumnPolicy } from './import-type';

/** The config keys every import type takes, read by the engine itself. */
export interface EngineOptions {
  /** `ignore` (default): dropped; `reject`: the import fails naming them; `keep`: handed to the type with the row. */
  unknownColumns: UnknownColumnPolicy;
  /** File column → the name the row schema knows it by. */
  columnMapping: Readonly<Record<string, string>>;
  /** A text file's encoding when it has no byte-order mark and is not UTF-8. */
  encoding: string | null;
  /** The XLSX sheet to read; by default the first one with data. */
  sheet: string | null;
}

/** The engine's keys of an import's config; `InvalidImportConfig` when they are malformed. */
export function engineOptionsOf(importType: string, config: Readonly<Record<string, unknown>>): EngineOptions {
  const problems: ConfigProblem[] = [];
  const { unknown_columns: policy = 'ignore', column_mapping: mapping = {}, encoding = null, sheet = null } = config;
  if (!UNKNOWN_COLUMN_POLICIES.includes(policy as UnknownColumnPolicy)) {
    problems.push({ field: 'unknown_columns', message: `must be one of ${UNKNOWN_COLUMN_POLICIES.join(', ')}` });
  }
  const entries = mapping && typeof mapping === 'object' && !Array.isArray(mapping) ? Object.entries(mapping) : null;
  if (!entries || entries.some(([, name]) => typeof name !== 'string' || name.trim() === '')) {
    problems.push({ field: 'column_mapping', message: 'must map file column names to non-blank names, e.g. {"Mobile": "phone"}' });
  }
  for (const [field, value] of [['encoding', encoding], ['sheet', sheet]] as const) {
    if (value !== null && (typeof value !== 'string' || value.trim() === '')) problems.push({ field, message: 'must be a non-blank string when given' });
  }
  if (problems.length) throw new InvalidImportConfig(importType, problems);
  return {
    unknownColumns: policy as UnknownColumnPolicy,
    columnMapping: Object.fromEntries(entries as [string, string][]),
    encoding: encoding as string | null,
    sheet: sheet as string | null,
  };
}
