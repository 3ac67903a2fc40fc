import { TransactionHost } from '@nestjs-cls/transactional';
import { SendTransactions } from './send-messages.command';

/**
 * The transactions of a send run outside the dispatcher (a test, a script): no inbox, so every send is new; a
 * transient failure is retried after the step of `retryScheduleMs` for `attempt`, or is the last one past its end.
 */
export function standaloneSendTransactions(txHost: TransactionHost, retryScheduleMs: readonly number[] = [1_000], attempt = 1): SendTransactions {
  return {
    first: (work) => txHost.withTransaction(async () => void (await work(() => true))),
    last: (work) => txHost.withTransaction(async () => void (await work())),
    retryDelayMs: () => retryScheduleMs[attempt - 1],
  };
}
