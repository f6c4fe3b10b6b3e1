/**
 * The web shell's `GET|HEAD /voicemail-audio/<key>[?download=1]`: the companion's cached audio,
 * streamed from disk with Range support. The gate (token cookie, Host, Origin) has already
 * passed when this runs; the decisions live in voicemail-audio.ts, shared with Electron.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { VoicemailAudioSource } from '../voicemail/audio-source.js';
import { planAudioResponse, voicemailAudioTarget } from './voicemail-audio.js';

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
 * Answers the request when its path is under `/voicemail-audio/` (true), else leaves it to the
 * other routes (false). `headers` are the shell's own (security headers, cookie).
 */
export async function serveVoicemailAudio(
  request: IncomingMessage,
  response: ServerResponse,
  pathname: string,
  query: URLSearchParams,
  source: VoicemailAudioSource,
  headers: OutgoingHttpHeaders,
): Promise<boolean> {
  const method = request.method ?? 'GET';
  const target = voicemailAudioTarget(method, pathname, query);
  if (target.kind === 'other') return false;
  const refuse = (status: number, text: string, extra: OutgoingHttpHeaders = {}): void => {
    response.writeHead(status, {
      ...headers,
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'Content-Length': Buffer.byteLength(text),
      ...extra,
    });
    response.end(method === 'HEAD' ? undefined : text);
  };
  if (target.kind === 'refused') {
    const text = { 400: 'Bad request', 404: 'Not found', 405: 'Method not allowed' }[target.status];
    refuse(target.status, text, target.status === 405 ? { Allow: 'GET, HEAD' } : {});
    return true;
  }
  const audio = await source.open(target.key, target.variant).catch(() => undefined);
  const size = audio === undefined ? undefined : await currentSize(audio.filePath);
  if (audio === undefined || size === undefined) {
    refuse(404, 'Not found');
    return true;
  }
  const plan = planAudioResponse({
    method,
    range: request.headers.range,
    size,
    contentType: audio.contentType,
    fileName: audio.fileName,
    variant: target.variant,
  });
  response.writeHead(plan.status, { ...headers, ...plan.headers });
  if (plan.span === undefined) {
    response.end();
    return true;
  }
  const stream = createReadStream(audio.filePath, plan.span);
  stream.on('error', () => response.destroy());
  response.on('close', () => stream.destroy());
  stream.pipe(response);
  return true;
}
