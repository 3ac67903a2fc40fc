import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Propagation, Transactional } from '@nestjs-cls/transactional';
import { DomainError } from '@app/shared-kernel';
import { Import } from '../../../domain/import.aggregate';
import { engineOptionsOf } from '../../engine-options';
import { ImportBatching } from '../../import-batching';
import { ImportRowError } from '../../import-type';
import { ImportTypes } from '../../import-types';
import { ImportRowErrors } from '../../ports/import-row-errors';
import { ImportRepository } from '../../ports/import.repository';
import { StagedRows } from '../../ports/staged-rows';
import { ProcessImportBatchCommand } from './process-import-batch.command';
import { checkRows, rowLayout } from './row-layout';

@CommandHandler(ProcessImportBatchCommand)
export class ProcessImportBatchHandler implements ICommandHandler<ProcessImportBatchCommand> {
  constructor(
    private readonly imports: ImportRepository,
    private readonly types: ImportTypes,
    private readonly staged: StagedRows,
    private readonly rowErrors: ImportRowErrors,
    private readonly batching: ImportBatching,
  ) {}

  // why: one transaction (the caller's, with its inbox row) holds the handler's effects, the row errors, the progress and
  // the next batch's command; a batch whose `afterRow` is not where the import stands is a replay, and does nothing.
  @Transactional()
  async execute({ importId, afterRow, correlationId }: ProcessImportBatchCommand): Promise<void> {
    const found = await this.imports.findForUpdate(importId);
    if (!found || (found.status !== 'staged' && found.status !== 'processing') || found.lastProcessedRow !== afterRow) return;
    try {
      await this.process(found, afterRow, correlationId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      found.fail((error as { code?: string }).code ?? 'refused', error.message);
    }
    await this.imports.save(found, correlationId);
  }

  // why: a savepoint, so that a batch refused half-way (a domain error from its handler) leaves none of its writes behind
  // when the import is then failed in the same transaction.
  @Transactional(Propagation.Nested)
  private async process(found: Import, afterRow: number, correlationId: string | null): Promise<void> {
    const { ownerId, importType, config, columns } = found.snapshot();
    const type = this.types.get(importType);
    const parsed = await type.parseConfig(ownerId, config);
    const layout = rowLayout(columns ?? [], type.rowSchema(parsed), engineOptionsOf(importType, config));
    if (found.status === 'staged') found.beginProcessing();
    const rows = await this.staged.after(ownerId, found.id, afterRow, this.batching.rows);
    const { ready, errors } = checkRows(rows, layout);
    const outcome = ready.length ? await type.handle({ importId: found.id, ownerId, config: parsed, rows: ready, correlationId }) : { saved: 0, errors: [] };
    const all: ImportRowError[] = [...errors, ...outcome.errors];
    await this.rowErrors.add(ownerId, found.id, all);
    const invalid = new Set(all.map(({ row }) => row)).size;
    const lastRow = rows.length ? rows[rows.length - 1].row : afterRow;
    found.processedBatch({ rows: rows.length, valid: outcome.saved, invalid, lastRow, exhausted: rows.length < this.batching.rows });
  }
}
