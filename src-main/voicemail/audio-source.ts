/**
 * The seam between the voicemail audio cache and the shells: each shell serves
 * `voicemail-audio/<key>` (and `?download=1`) from what `open` returns.
 */
export interface CachedAudio {
  filePath: string;
  contentType: string;
  size: number;
  fileName: string;
}

export interface VoicemailAudioSource {
  /** The playable audio for a `voicemail-audio/<key>` URL (the transcoded file when one was
   *  made); `original` asks for the bytes as Exchange stored them (Save audio). Undefined
   *  when the key is unknown or the file was evicted. */
  open(key: string, variant: 'playable' | 'original'): Promise<CachedAudio | undefined>;
}

/** The source before any audio is cached: every key is unknown. */
export const EMPTY_AUDIO_SOURCE: VoicemailAudioSource = {
  open: () => Promise.resolve(undefined),
};
