import { PlatformSettings } from '../../config/platform.settings';
import { testConfig } from '../../../../../test/test-config';
import { DispatchResult, OutboxDispatch } from './outbox-row';
import { createRelay } from './relay-runner';

class NoDispatch extends OutboxDispatch {
  async dispatch(): Promise<DispatchResult[]> {
    return [];
  }
}

describe('createRelay', () => {
  it('commits its marks without waiting for the WAL flush, and keeps the session options of every pool', async () => {
    const runtime = createRelay(testConfig().get(PlatformSettings), new NoDispatch());
    try {
      const { rows } = await runtime.store.pool.query<{ synchronous_commit: string; jit: string }>(
        `SELECT current_setting('synchronous_commit') AS synchronous_commit, current_setting('jit') AS jit`,
      );
      expect(rows[0]).toEqual({ synchronous_commit: 'off', jit: 'off' });
    } finally {
      await runtime.close();
    }
  });
});
