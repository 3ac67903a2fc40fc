import { Command } from '@nestjs/cqrs';
import { RequestConfig } from './request-config';

/** Why one row of a message request gave no message. */
export interface RowRefusal {
  row: number;
  column: string | null;
  value: string | null;
  /** `invalid_recipient`, `missing_variable`, `text_too_long`, `duplicate_recipient`. */
  code: string;
  message: string;
}

export interface RequestRow {
  row: number;
  values: Readonly<Record<string, string>>;
}

/** One message per fit row of a batch of a message request, in the caller's transaction; the rows that are not, and why. */
export class QueueRequestMessagesCommand extends Command<{ saved: number; refused: RowRefusal[] }> {
  constructor(
    readonly ownerId: string,
    readonly requestId: string,
    readonly config: RequestConfig,
    readonly rows: readonly RequestRow[],
    readonly correlationId: string | null = null,
  ) {
    super();
  }
}
