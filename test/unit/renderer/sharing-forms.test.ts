import { describe, expect, it } from 'vitest';
import {
  apiFormFrom,
  apiPatchFrom,
  apiStateLine,
  isOrigin,
} from '../../../src-renderer/features/settings/sharing-forms.js';

const current = { enabled: false, port: 48_090, openRead: false, corsOrigins: [] };

describe('the local API form', () => {
  it('sends only what changed', () => {
    const form = apiFormFrom(current);
    expect(apiPatchFrom(form, current)).toEqual({ ok: true, patch: undefined });
    expect(apiPatchFrom({ ...form, enabled: true, port: ' 50000 ' }, current)).toEqual({
      ok: true,
      patch: { enabled: true, port: 50_000 },
    });
  });

  it('refuses ports outside 1024–65535 and anything not a whole number', () => {
    const form = apiFormFrom(current);
    for (const port of ['1023', '65536', '4.5', '', 'abc', '-1'])
      expect(apiPatchFrom({ ...form, port }, current)).toEqual({
        ok: false,
        problem: { field: 'port' },
      });
  });

  it('reads origins one per line, trims a trailing slash, drops blanks and repeats', () => {
    const form = {
      ...apiFormFrom(current),
      origins: 'https://intranet.example/\n\n  http://localhost:3000 \nhttps://intranet.example',
    };
    expect(apiPatchFrom(form, current)).toEqual({
      ok: true,
      patch: { corsOrigins: ['https://intranet.example', 'http://localhost:3000'] },
    });
  });

  it('names the first line that is not an origin', () => {
    const form = { ...apiFormFrom(current), origins: 'https://ok.example\nhttps://x.example/path' };
    expect(apiPatchFrom(form, current)).toEqual({
      ok: false,
      problem: { field: 'origins', origin: 'https://x.example/path' },
    });
    expect(isOrigin('ftp://x.example')).toBe(false);
    expect(isOrigin('intranet.example')).toBe(false);
    expect(isOrigin('https://intranet.example:8443')).toBe(true);
  });

  it('refuses more than 16 origins', () => {
    const origins = Array.from({ length: 17 }, (_, i) => `https://h${i}.example`).join('\n');
    expect(apiPatchFrom({ ...apiFormFrom(current), origins }, current)).toEqual({
      ok: false,
      problem: { field: 'origins', tooMany: true },
    });
  });

  it('says port-in-use with the port, and other failures plainly', () => {
    expect(apiStateLine({ state: 'failed', problem: 'port-in-use' }, 48_090)).toEqual({
      kind: 'port-in-use',
      port: 48_090,
    });
    expect(apiStateLine({ state: 'failed' }, 48_090)).toEqual({ kind: 'failed' });
    expect(apiStateLine({ state: 'listening', url: 'http://127.0.0.1:5000' }, 48_090)).toEqual({
      kind: 'listening',
      url: 'http://127.0.0.1:5000',
    });
    expect(apiStateLine({ state: 'off' }, 48_090)).toEqual({ kind: 'off' });
  });
});
