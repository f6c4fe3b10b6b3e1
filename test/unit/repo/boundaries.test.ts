import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `path`, and returns the import-boundary findings. */
async function boundaryFindings(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

// The first lint builds the TypeScript program the typed rules need: slow on a busy machine, so
// it is paid here, not inside the first case's time limit.
beforeAll(async () => {
  await boundaryFindings('src-main/ews/client.ts', 'export const a = 1;\n');
}, 180_000);

describe('folder boundaries (ARCHITECTURE.md), enforced by lint', () => {
  it.each([
    ['src-main/ews/errors.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src-main/ews/errors.ts', "import { useState } from 'react';\nexport const a = useState;\n"],
    [
      'src-main/ews/errors.ts',
      "import { startSimulator } from '../sim/index.js';\nexport const a = startSimulator;\n",
    ],
    [
      'src-main/ews/errors.ts',
      "import { simCommand } from '../cli/commands/sim.js';\nexport const a = simCommand;\n",
    ],
    ['src-main/sim/auth.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src-main/graph/errors.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    [
      'src-main/graph/errors.ts',
      "import { EwsClient } from '../ews/client.js';\nexport const a = EwsClient;\n",
    ],
    [
      'src-main/graph/transport/http.ts',
      "import { Companion } from '../../core/companion.js';\nexport const a = Companion;\n",
    ],
  ])('%s may not import this: %s', async (path, code) => {
    expect(await boundaryFindings(path, code)).toHaveLength(1);
  });

  it('lets the EWS library import its own modules', async () => {
    const code = "import { DecodeError } from './errors.js';\nexport const a = DecodeError;\n";
    expect(await boundaryFindings('src-main/ews/client.ts', code)).toEqual([]);
  });

  it('lets the Graph library import the neutral Retry-After reading, and nothing else of mailbox/', async () => {
    const shared = "export { parseRetryAfter } from '../../mailbox/retry-after.js';\n";
    expect(await boundaryFindings('src-main/graph/transport/retry-after.ts', shared)).toEqual([]);
    const other =
      "import { MailboxError } from '../../mailbox/errors.js';\nexport const a = MailboxError;\n";
    expect(await boundaryFindings('src-main/graph/transport/http.ts', other)).toHaveLength(1);
  });

  it('lets the Graph library import its own modules', async () => {
    const code = "import { GraphError } from '../errors.js';\nexport const a = GraphError;\n";
    expect(await boundaryFindings('src-main/graph/transport/http.ts', code)).toEqual([]);
  });
});

describe('product code never imports the simulator, enforced by lint', () => {
  it.each([
    [
      'src-main/backends/graph/zones.ts',
      "import { WINDOWS_ZONES } from '../../sim/windows-time-zone.js';",
    ],
    ['src-main/core/scheduler.ts', "import { startSimulator } from '../sim/index.js';"],
    [
      'src-main/core/teams/teams-publishing.ts',
      "import { startSimulator } from '../../sim/index.js';",
    ],
    ['src-main/presence/state.ts', "import { DEMO_CONTACTS } from '../sim/seed.js';"],
    ['src-main/web/server.ts', "import { startSimulator } from '../sim/index.js';"],
    ['src-main/electron/main.ts', "import { startSimulator } from '../sim/index.js';"],
    ['src-main/auth/oauth/config.ts', "import { startSimulator } from '../../sim/index.js';"],
    ['src-main/sharing/service.ts', "import { startSimulator } from '../sim/index.js';"],
    [
      'src-main/mailbox/time/zone-rule.ts',
      "import { zoneByName } from '../../sim/graph/zones.js';",
    ],
  ])('%s may not import this: %s', async (path, line) => {
    const code = `${line}\nexport const a = 1;\n`;
    expect(await boundaryFindings(path, code)).toHaveLength(1);
  });

  it.each([
    [
      'src-main/sim/graph/zones.ts',
      "import { WINDOWS_ZONES } from '../../mailbox/time/windows-zones.js';",
    ],
    [
      'src-main/backends/graph/zones.ts',
      "import { WINDOWS_ZONES } from '../../mailbox/time/windows-zones.js';",
    ],
    ['src-main/cli/commands/sim.ts', "import { startSimulator } from '../../sim/index.js';"],
  ])('%s may import this: %s', async (path, line) => {
    const code = `${line}\nexport const a = 1;\n`;
    expect(await boundaryFindings(path, code)).toEqual([]);
  });
});

describe('the MailboxBackend seam, enforced by lint', () => {
  it.each([
    ['src-main/core/companion/companion.ts', "import { EwsClient } from '../../ews/client.js';"],
    ['src-main/core/live/companion-live.ts', "import { GraphTransport } from '../../graph/x.js';"],
    [
      'src-main/presence/state.ts',
      "import { BUSY_TYPES } from '../ews/operations/availability.js';",
    ],
    ['src-main/im/im-service.ts', "import { getSchedule } from '../graph/operations/schedule.js';"],
    [
      'src-main/voicemail/service.ts',
      "import { GET_VOICEMAIL_BATCH } from '../ews/operations/v.js';",
    ],
    ['src-main/sharing/service.ts', "import { isEwsError } from '../ews/errors.js';"],
    ['src-main/core/scheduler.ts', "import { EwsBackend } from '../backends/ews/ews-backend.js';"],
    ['src-main/mailbox/calendar.ts', "import { FailureSchema } from '../core/contract.js';"],
    ['src-main/mailbox/backend.ts', "import { EwsClient } from '../ews/client.js';"],
    ['src-main/ews/client.ts', "import { createBackend } from '../backends/index.js';"],
  ])('%s may not import this: %s', async (path, line) => {
    const code = `${line}\nexport const a = 1;\n`;
    expect(await boundaryFindings(path, code)).toHaveLength(1);
  });

  it.each([
    [
      'src-main/core/companion/companion.ts',
      "import { createBackend } from '../../backends/index.js';",
    ],
    ['src-main/im/im-service.ts', "import type { MailboxBackend } from '../mailbox/backend.js';"],
    [
      'src-main/presence/working-hours.ts',
      "import { localToUtc } from '../mailbox/time/zone-rule.js';",
    ],
    [
      'src-main/ews/time/legacy-time-zone.ts',
      "import { zoneRuleFor } from '../../mailbox/index.js';",
    ],
    [
      'src-main/core/companion/account.ts',
      "import { discoverEwsUrl } from '../../ews/autodiscover/index.js';",
    ],
  ])('%s may import this: %s', async (path, line) => {
    const code = `${line}\nexport const a = 1;\n`;
    expect(await boundaryFindings(path, code)).toEqual([]);
  });
});
