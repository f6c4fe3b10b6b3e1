/**
 * The `app://beacon/` protocol that serves the built tray window from disk. A privileged custom
 * scheme (rather than file://) gives the page a real origin for the sender check, and lets every
 * response carry the CSP header. Only files under the renderer folder are ever served.
 */
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { VoicemailAudioSource } from '../../voicemail/audio-source.js';
import { contentTypeFor, lookupStatic } from '../../web/static-files.js';
import { planAudioResponse, voicemailAudioTarget } from '../../web/voicemail-audio.js';
import { appResponseHeaders } from './csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'beacon';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Privileges of the scheme, registered before the app is ready. `stream`: <audio> takes the
 * voicemail responses as streamed media (ranged reads for seeking) instead of waiting for a
 * fully buffered body.
 */
export const APP_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  corsEnabled: true,
  stream: true,
} as const;

function plain(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: appResponseHeaders('text/plain; charset=utf-8'),
  });
}

/** The file's size now, or undefined when it is gone or not a plain file. */
async function currentSize(filePath: string): Promise<number | undefined> {
  try {
    const info = await stat(filePath);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `app://beacon/voicemail-audio/<key>[?download=1]`: the cached audio, streamed with Range
 * support (the decisions are the web shell's, in web/voicemail-audio.ts).
 */
async function serveVoicemailAudio(
  request: Request,
  target: { key: string; variant: 'playable' | 'original' },
  source: VoicemailAudioSource,
): Promise<Response> {
  const audio = await source.open(target.key, target.variant).catch(() => undefined);
  const size = audio === undefined ? undefined : await currentSize(audio.filePath);
  if (audio === undefined || size === undefined) return plain(404, 'Not found');
  const plan = planAudioResponse({
    method: request.method,
    range: request.headers.get('range') ?? undefined,
    size,
    contentType: audio.contentType,
    fileName: audio.fileName,
    variant: target.variant,
  });
  const headers = { ...appResponseHeaders(plan.headers['Content-Type'] ?? ''), ...plan.headers };
  const body =
    plan.span === undefined
      ? null
      : (Readable.toWeb(createReadStream(audio.filePath, plan.span)) as ReadableStream<Uint8Array>);
  return new Response(body, { status: plan.status, headers });
}

/**
 * Answers one request of the app protocol from `root` (the built renderer folder); voicemail
 * audio comes from `audio()` (the companion's source, once the core exists).
 */
export async function serveAppRequest(
  request: Request,
  root: string,
  audio: () => VoicemailAudioSource | undefined = () => undefined,
): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD')
    return plain(405, 'Method not allowed');
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return plain(400, 'Bad request');
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return plain(404, 'Not found');
  const target = voicemailAudioTarget(request.method, url.pathname, url.searchParams);
  switch (target.kind) {
    case 'refused':
      return plain(target.status, target.status === 404 ? 'Not found' : 'Bad request');
    case 'audio': {
      const source = audio();
      return source === undefined
        ? plain(404, 'Not found')
        : serveVoicemailAudio(request, target, source);
    }
    case 'other':
      break;
  }
  const found = await lookupStatic(root, url.pathname);
  switch (found.kind) {
    case 'forbidden':
      return plain(403, 'Forbidden');
    case 'not-found':
      return plain(404, 'Not found');
    case 'no-root':
      return plain(503, 'The Beacon window has not been built: run npm run build');
    case 'file': {
      const body = request.method === 'HEAD' ? null : await readFile(found.filePath);
      return new Response(body, {
        status: 200,
        headers: appResponseHeaders(contentTypeFor(found.filePath)),
      });
    }
  }
}
