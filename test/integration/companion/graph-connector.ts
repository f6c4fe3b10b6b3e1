/**
 * The companion's mailbox over the simulator's Graph face, for tests that connect the companion
 * through Graph (`CompanionDeps.connectMailbox`), with the companion's own transport policy (one
 * attempt; the scheduler retries and waits out a server's pause). No mailbox in the settings is
 * the demo account, the simulator's first user; otherwise an Exchange account reached over Graph
 * with the simulator's token for that user.
 */
import { createBackend } from '../../../src-main/backends/index.js';
import type {
  ConnectOptions,
  MailboxConnection,
} from '../../../src-main/core/companion/account.js';
import type { RunningSimulator } from '../../../src-main/sim/index.js';
import type { FakeSchedulerClock } from '../../unit/core/fake-scheduler-clock.js';
import { tokenOf } from '../sim/graph/support.js';
import { ALEX } from './support.js';

export function graphConnector(
  sim: RunningSimulator,
  clock: FakeSchedulerClock,
  options: { presenceSessionId?: string } = {},
): (connect: ConnectOptions) => Promise<MailboxConnection> {
  return (connect) => {
    const demo = connect.settings.mailbox === undefined;
    const mailbox = connect.settings.mailbox ?? ALEX;
    const backend = createBackend({
      protocol: 'graph',
      mailbox,
      baseUrl: sim.graphUrl,
      tokenProvider: () => Promise.resolve(tokenOf(sim, mailbox)),
      maxAttempts: 1,
      maxPauseWaitMs: 0,
      timeoutMs: 30_000,
      transportClock: connect.clock,
      now: () => new Date(clock.now()),
      ...(options.presenceSessionId === undefined
        ? {}
        : { presenceSessionId: options.presenceSessionId }),
    });
    const user = sim.users.find((u) => u.email === mailbox);
    return Promise.resolve({
      backend,
      account: demo
        ? { mode: 'demo', mailbox, displayName: user?.displayName ?? mailbox, signIn: 'signed-in' }
        : {
            mode: 'exchange',
            mailbox,
            displayName: mailbox,
            signIn: 'signing-in',
            protocol: 'graph',
          },
      close: () => backend.close(),
    });
  };
}
