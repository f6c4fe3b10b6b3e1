import { describe, expect, it } from 'vitest';
import type { VoicemailSummary } from '../../../src-main/ews/operations/voicemail.js';
import {
  chooseAudioAttachment,
  detailFrom,
  initialAudio,
  restoredItems,
  toVoicemailItem,
} from '../../../src-main/voicemail/items.js';

const summary: VoicemailSummary = {
  id: 'AAMk-1',
  subject: 'Voice Mail from Kim Minji (27 seconds)',
  received: new Date('2026-11-27T09:00:00Z'),
  isRead: false,
  itemClass: 'IPM.Note.Microsoft.Voicemail.UM.CA',
  kind: 'voicemail',
  hasAttachments: true,
  callerName: 'Kim Minji',
  callerNumber: '02-312-3456',
  durationSeconds: 27,
};

describe('voicemail items', () => {
  it('takes the recording UM names first in its play order, else the first audio', () => {
    const attachments = [
      { id: '1', name: 'notes.txt', contentType: 'text/plain' },
      { id: '2', name: 'VoiceMail.wav', contentType: 'audio/wav' },
      { id: '3', name: 'VoiceMail.wma', contentType: 'application/octet-stream' },
    ];
    expect(chooseAudioAttachment(attachments, 'VoiceMail.wma;')?.id).toBe('3');
    expect(chooseAudioAttachment(attachments, undefined)?.id).toBe('2');
    expect(chooseAudioAttachment(attachments.slice(0, 1), 'gone.mp3')).toBeUndefined();
  });

  it('knows before any fetch what cannot play: protected, missed calls, no recording', () => {
    expect(initialAudio({ ...summary, kind: 'protected' }, undefined)).toEqual({
      state: 'unplayable',
      problem: 'protected',
      canSave: false,
    });
    expect(initialAudio({ ...summary, kind: 'missed-call' }, undefined)).toEqual({
      state: 'unplayable',
      problem: 'no-audio',
      canSave: false,
    });
    const none = detailFrom({ ...summary, attachments: [] });
    expect(initialAudio(summary, none)).toMatchObject({ problem: 'no-audio' });
    const wma = detailFrom({
      ...summary,
      attachmentOrder: 'VoiceMail.wma;',
      attachments: [{ id: 'a', name: 'VoiceMail.wma', contentType: 'audio/x-ms-wma' }],
    });
    expect(initialAudio(summary, wma)).toEqual({ state: 'not-loaded', format: 'wma' });
  });

  it('maps the UM caller and plain text, leaving the E.164 number to Call back', () => {
    const detail = detailFrom({
      ...summary,
      transcription: '<p>Hello <b>Alex</b></p>',
      attachments: [],
    });
    const item = toVoicemailItem(summary, detail, { state: 'not-loaded' });
    expect(item).toEqual({
      id: 'AAMk-1',
      kind: 'voicemail',
      receivedAt: '2026-11-27T09:00:00.000Z',
      isRead: false,
      callerName: 'Kim Minji',
      callerNumber: '02-312-3456',
      durationSeconds: 27,
      transcript: 'Hello Alex',
      audio: { state: 'not-loaded' },
    });
    const anonymous = toVoicemailItem(
      { ...summary, callerName: undefined, callerNumber: 'Anonymous', from: { name: 'UM' } },
      undefined,
      { state: 'not-loaded' },
    );
    expect(anonymous.callerName).toBe('UM');
    expect(anonymous.callbackNumber).toBeUndefined();
    expect(anonymous.transcript).toBe('');
  });
});

describe('a cached list at start', () => {
  it('turns a fetch that was under way into not loaded, keeping the format', () => {
    const base = toVoicemailItem(summary, undefined, { state: 'loading', format: 'wav-gsm' });
    const ready = toVoicemailItem({ ...summary, id: 'AAMk-2' }, undefined, {
      state: 'ready',
      src: 'voicemail-audio/abc',
      format: 'mp3',
      transcoded: false,
      peaks: [1],
      durationSeconds: 1,
    });
    const restored = restoredItems([base, ready]);
    expect(restored[0]?.audio).toEqual({ state: 'not-loaded', format: 'wav-gsm' });
    expect(restored[1]).toBe(ready);
  });
});
