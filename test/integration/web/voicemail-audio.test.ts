/**
 * `/voicemail-audio/<key>` in the web shell over real sockets, from a real file on disk: the
 * token gate, 200/206/416, HEAD, the download variant and unknown or malformed keys.
 * The source is a map of keys to files (the seam in src-main/voicemail/audio-source.ts).
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  CachedAudio,
  VoicemailAudioSource,
} from '../../../src-main/voicemail/audio-source.js';
import { startWebShell, type WebShell } from '../../../src-main/web/index.js';
import { storeApi } from './support.js';

const KEY = 'k'.repeat(42) + 'A';
const GONE_KEY = 'g'.repeat(43);
const UNKNOWN_KEY = 'u'.repeat(43);
const AUDIO = randomBytes(50_000);
const ORIGINAL = randomBytes(7_000);

let root: string;
let shell: WebShell;
const opened: [string, string][] = [];

interface BinaryResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(
  pathAndQuery: string,
  options: { method?: string; headers?: Record<string, string>; cookie?: boolean } = {},
): Promise<BinaryResponse> {
  const cookie = options.cookie === false ? {} : { Cookie: `beacon_token=${shell.token}` };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: shell.port,
        method: options.method ?? 'GET',
        path: pathAndQuery,
        headers: { Host: `127.0.0.1:${shell.port}`, ...cookie, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'beacon-vm-audio-'));
  const playable = path.join(root, 'playable.wav');
  const original = path.join(root, 'original.wma');
  const gone = path.join(root, 'gone.wav');
  await writeFile(playable, AUDIO, { mode: 0o600 });
  await writeFile(original, ORIGINAL, { mode: 0o600 });
  await writeFile(gone, AUDIO, { mode: 0o600 });
  await unlink(gone);
  const files: Record<string, Record<'playable' | 'original', CachedAudio>> = {
    [KEY]: {
      playable: {
        filePath: playable,
        contentType: 'audio/wav',
        size: AUDIO.length,
        fileName: 'x.wav',
      },
      original: {
        filePath: original,
        contentType: 'audio/x-ms-wma',
        size: ORIGINAL.length,
        fileName: 'VoiceMail "Megan".wma',
      },
    },
    [GONE_KEY]: {
      playable: { filePath: gone, contentType: 'audio/wav', size: AUDIO.length, fileName: 'g.wav' },
      original: { filePath: gone, contentType: 'audio/wav', size: AUDIO.length, fileName: 'g.wav' },
    },
  };
  const source: VoicemailAudioSource = {
    open: (key, variant) => {
      opened.push([key, variant]);
      return Promise.resolve(files[key]?.[variant]);
    },
  };
  shell = await startWebShell({
    api: storeApi(),
    port: 0,
    staticDir: root,
    voicemailAudio: source,
  });
});

afterAll(async () => {
  await shell.close();
  await rm(root, { recursive: true, force: true });
});

describe('GET /voicemail-audio/<key>', () => {
  it('streams the whole file with its type, length and no caching', async () => {
    const res = await get(`/voicemail-audio/${KEY}`);
    expect(res.status).toBe(200);
    expect(res.body.equals(AUDIO)).toBe(true);
    expect(res.headers['content-type']).toBe('audio/wav');
    expect(res.headers['content-length']).toBe(String(AUDIO.length));
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-disposition']).toBeUndefined();
    expect(opened.at(-1)).toEqual([KEY, 'playable']);
  });

  it('answers a range with 206 and exactly those bytes', async () => {
    const res = await get(`/voicemail-audio/${KEY}`, { headers: { Range: 'bytes=100-199' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe(`bytes 100-199/${AUDIO.length}`);
    expect(res.headers['content-length']).toBe('100');
    expect(res.body.equals(AUDIO.subarray(100, 200))).toBe(true);

    const tail = await get(`/voicemail-audio/${KEY}`, { headers: { Range: 'bytes=-500' } });
    expect(tail.status).toBe(206);
    expect(tail.body.equals(AUDIO.subarray(AUDIO.length - 500))).toBe(true);

    const open = await get(`/voicemail-audio/${KEY}`, { headers: { Range: 'bytes=49990-' } });
    expect(open.status).toBe(206);
    expect(open.headers['content-range']).toBe(`bytes 49990-49999/${AUDIO.length}`);
    expect(open.body.equals(AUDIO.subarray(49_990))).toBe(true);
  });

  it('answers a range past the end with 416 and the size', async () => {
    const res = await get(`/voicemail-audio/${KEY}`, { headers: { Range: 'bytes=60000-' } });
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${AUDIO.length}`);
    expect(res.body.length).toBe(0);
  });

  it('sends the whole file for several ranges or a garbled header', async () => {
    const many = await get(`/voicemail-audio/${KEY}`, { headers: { Range: 'bytes=0-1,5-9' } });
    expect(many.status).toBe(200);
    expect(many.body.equals(AUDIO)).toBe(true);
    const garbled = await get(`/voicemail-audio/${KEY}`, { headers: { Range: 'bytes=x' } });
    expect(garbled.status).toBe(200);
    expect(garbled.body.length).toBe(AUDIO.length);
  });

  it('answers HEAD with the headers and no body', async () => {
    const res = await get(`/voicemail-audio/${KEY}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String(AUDIO.length));
    expect(res.body.length).toBe(0);
    const part = await get(`/voicemail-audio/${KEY}`, {
      method: 'HEAD',
      headers: { Range: 'bytes=0-9' },
    });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-9/${AUDIO.length}`);
    expect(part.body.length).toBe(0);
  });

  it('serves the original bytes as a download with a safe file name', async () => {
    const res = await get(`/voicemail-audio/${KEY}?download=1`);
    expect(res.status).toBe(200);
    expect(res.body.equals(ORIGINAL)).toBe(true);
    expect(res.headers['content-type']).toBe('audio/x-ms-wma');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="VoiceMail _Megan_.wma"; filename*=UTF-8''VoiceMail%20%22Megan%22.wma`,
    );
    expect(opened.at(-1)).toEqual([KEY, 'original']);
  });

  it('wants the token like every other route', async () => {
    const none = await get(`/voicemail-audio/${KEY}`, { cookie: false });
    expect(none.status).toBe(401);
    expect(none.body.toString('utf8')).not.toContain(AUDIO.subarray(0, 8).toString('utf8'));
    const wrong = await get(`/voicemail-audio/${KEY}`, {
      cookie: false,
      headers: { Cookie: `beacon_token=${'x'.repeat(43)}` },
    });
    expect(wrong.status).toBe(403);
    const rebound = await get(`/voicemail-audio/${KEY}`, { headers: { Host: 'evil.test' } });
    expect(rebound.status).toBe(403);
  });

  it('answers 404 for unknown, evicted and malformed keys, without asking the cache twice', async () => {
    const before = opened.length;
    expect((await get(`/voicemail-audio/${UNKNOWN_KEY}`)).status).toBe(404);
    expect((await get(`/voicemail-audio/${GONE_KEY}`)).status).toBe(404);
    expect(opened.length).toBe(before + 2);
    expect((await get('/voicemail-audio/short')).status).toBe(404);
    expect((await get('/voicemail-audio/../playable.wav')).status).toBe(404);
    expect((await get(`/voicemail-audio/${KEY}/more`)).status).toBe(404);
    expect((await get(`/voicemail-audio/${KEY}?download=yes`)).status).toBe(400);
    expect((await get(`/voicemail-audio/${KEY}`, { method: 'POST' })).status).toBe(405);
    expect(opened.length).toBe(before + 2);
  });
});
