export type { CachedAudio, VoicemailAudioSource } from './audio-source.js';
export { createVoicemailService, UNDO_MS, type VoicemailService } from './service.js';
export { voicemailHandlers } from './handlers.js';
export { audioKey } from './key.js';
export { restoredItems } from './items.js';
