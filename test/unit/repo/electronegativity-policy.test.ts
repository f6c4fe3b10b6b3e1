import { describe, expect, it } from 'vitest';
import {
  judgeScan,
  type Allowance,
  type Finding,
} from '../../../scripts/electronegativity-policy.js';

const csp: Finding = { id: 'CSP_GLOBAL_CHECK', file: 'N/A', line: 0, severity: 'MEDIUM' };
const isolation: Finding = {
  id: 'CONTEXT_ISOLATION_JS_CHECK',
  file: 'real-platform.ts',
  line: 45,
  severity: 'HIGH',
};
const explainCsp: Allowance = { id: 'CSP_GLOBAL_CHECK', file: 'N/A', reason: 'header' };

describe('npm run lint:electron: electronegativity findings are fixed or explained', () => {
  it('passes a clean scan', () => {
    expect(judgeScan({ findings: [], errors: [], files: ['main.ts'] }, []).problems).toEqual([]);
  });

  it('fails a high or medium finding that the allow-list does not explain', () => {
    expect(
      judgeScan({ findings: [csp, isolation], errors: [], files: [] }, [explainCsp]).problems,
    ).toEqual([
      'real-platform.ts:45: CONTEXT_ISOLATION_JS_CHECK (HIGH) is neither fixed nor explained',
    ]);
  });

  it('lets low and informational findings through', () => {
    const low: Finding = { ...isolation, severity: 'LOW' };
    const info: Finding = { ...csp, severity: 'INFORMATIONAL' };
    expect(judgeScan({ findings: [low, info], errors: [], files: [] }, []).problems).toEqual([]);
  });

  it('matches an explanation to the same check in the same file only', () => {
    const elsewhere: Allowance = { id: isolation.id, file: 'shell.ts', reason: 'not here' };
    expect(
      judgeScan({ findings: [isolation], errors: [], files: [] }, [elsewhere]).problems,
    ).toHaveLength(2);
  });

  it('fails an explanation whose finding is gone, so the list cannot go stale', () => {
    expect(judgeScan({ findings: [], errors: [], files: [] }, [explainCsp]).problems).toEqual([
      'N/A: CSP_GLOBAL_CHECK is explained in the allow-list but no longer found: remove it',
    ]);
  });

  it('fails a file the scanner could not parse (it would otherwise skip it silently)', () => {
    const errors = [{ file: 'tray/tray-service.ts', message: 'Unexpected token (3:14)' }];
    expect(judgeScan({ findings: [], errors, files: [] }, []).problems).toEqual([
      'tray/tray-service.ts: electronegativity could not parse it (Unexpected token (3:14))',
    ]);
  });

  it('fails a source file the scanner does not read at all', () => {
    expect(
      judgeScan({ findings: [], errors: [], files: ['main.ts', 'os/helper.mts', 'README.md'] }, [])
        .problems,
    ).toEqual(['os/helper.mts: electronegativity does not read this kind of file']);
  });
});
