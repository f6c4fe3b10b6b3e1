/**
 * `app://beacon/voicemail-audio/<key>` through the app protocol handler with real Request
 * objects and a real file: 200, 206 with the exact bytes, 416, HEAD, download, unknown keys.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveAppRequest } from '../../../src-main/electron/window/app-protocol.js';
import { APP_CONTENT_SECURITY_POLICY } from '../../../src-main/electron/window/csp.js';
import type { VoicemailAudioSource } from '../../../src-main/voicemail/audio-source.js';

const KEY = 'Z'.repeat(43);
const AUDIO = randomBytes(30_000);
const ORIGINAL = randomBytes(3_000);
const url = (suffix = ''): string => `app://beacon/voicemail-audio/${KEY}${suffix}`;

let root: string;
let source: VoicemailAudioSource;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'beacon-app-audio-'));
  await writeFile(path.join(root, 'index.html'), '<title>Beacon</title>');
  await writeFile(path.join(root, 'a.mp3'), AUDIO, { mode: 0o600 });
  await writeFile(path.join(root, 'a.wma'), ORIGINAL, { mode: 0o600 });
  source = {
    open: (key, variant) =>
      Promise.resolve(
        key !== KEY
          ? undefined
          : variant === 'playable'
            ? {
                filePath: path.join(root, 'a.mp3'),
                contentType: 'audio/mpeg',
                size: AUDIO.length,
                fileName: 'a.mp3',
              }
            : {
                filePath: path.join(root, 'a.wma'),
                contentType: 'audio/x-ms-wma',
                size: ORIGINAL.length,
                fileName: 'VoiceMail-14255550142.wma',
              },
      ),
  };
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const serve = (request: Request): Promise<Response> => serveAppRequest(request, root, () => source);

describe('app://beacon/voicemail-audio/<key>', () => {
  it('streams the playable file with the window CSP and no caching', async () => {
    const res = await serve(new Request(url()));
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(AUDIO)).toBe(true);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    expect(res.headers.get('content-length')).toBe(String(AUDIO.length));
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toBe(APP_CONTENT_SECURITY_POLICY);
  });

  it('answers a range with 206 and exactly those bytes, and past the end with 416', async () => {
    const part = await serve(new Request(url(), { headers: { Range: 'bytes=1000-1999' } }));
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-1999/${AUDIO.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(AUDIO.subarray(1000, 2000))).toBe(true);
    const none = await serve(new Request(url(), { headers: { Range: 'bytes=30000-' } }));
    expect(none.status).toBe(416);
    expect(none.headers.get('content-range')).toBe(`bytes */${AUDIO.length}`);
  });

  it('answers HEAD without a body', async () => {
    const res = await serve(new Request(url(), { method: 'HEAD' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(AUDIO.length));
    expect(res.body).toBeNull();
  });

  it('serves the original as a download', async () => {
    const res = await serve(new Request(url('?download=1')));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="VoiceMail-14255550142.wma"; filename*=UTF-8''VoiceMail-14255550142.wma`,
    );
    expect(Buffer.from(await res.arrayBuffer()).equals(ORIGINAL)).toBe(true);
  });

  it('answers 404 for unknown or malformed keys and before the core exists', async () => {
    expect(
      (await serve(new Request(`app://beacon/voicemail-audio/${'q'.repeat(43)}`))).status,
    ).toBe(404);
    expect((await serve(new Request('app://beacon/voicemail-audio/nope'))).status).toBe(404);
    expect((await serveAppRequest(new Request(url()), root)).status).toBe(404);
    expect((await serve(new Request(url('?download=2')))).status).toBe(400);
    // The window itself is still served.
    expect((await serve(new Request('app://beacon/index.html'))).status).toBe(200);
  });
});
