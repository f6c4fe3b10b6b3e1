import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

/** Lints `code` as if it were the file at `path`, and returns the import-boundary findings. */
async function boundaryFindings(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

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

  it('lets the Graph library import its own modules', async () => {
    const code = "import { GraphError } from '../errors.js';\nexport const a = GraphError;\n";
    expect(await boundaryFindings('src-main/graph/transport/http.ts', code)).toEqual([]);
  });
});
