import { describe, expect, it } from 'vitest';
import { editedOof, oofTurnedOff } from '../../../src-main/core/companion/oof-edit.js';
import type { OofSettings } from '../../../src-main/ews/operations/oof.js';

const SERVER: OofSettings = {
  state: 'Scheduled',
  externalAudience: 'All',
  duration: { start: new Date('2025-06-16T07:00:00Z'), end: new Date('2025-06-21T07:00:00Z') },
  internalReply: { message: '<p>old internal</p>', lang: 'en-US' },
  externalReply: { message: '<p>old external</p>', lang: 'de-DE' },
  declineMeetingReply: { message: 'Declined while away', lang: 'en-US' },
  declineEventsForScheduledOof: true,
  declineAllEventsForScheduledOof: false,
  createOofEvent: true,
  oofEventSubject: 'Vacation',
  autoDeclineFutureRequestsWhenOof: true,
  oofEventId: 'AAMk-event',
  eventsToDeleteIds: ['AAMk-1', 'AAMk-2'],
  allowExternalOof: 'Known',
};

/** What a save sends back untouched: everything but the administrator's read-only limit. */
const untouched: OofSettings = { ...SERVER };
delete untouched.allowExternalOof;

describe('editedOof: a save changes only what the user edited', () => {
  it('keeps every field the command does not carry, drops the read-only limit', () => {
    const next = editedOof(SERVER, {
      type: 'set-oof',
      state: 'enabled',
      externalAudience: 'none',
      internalReply: 'new internal',
      externalReply: 'new external',
    });
    expect(next).toEqual({
      ...untouched,
      state: 'Enabled',
      externalAudience: 'None',
      internalReply: { message: 'new internal', lang: 'en-US' },
      externalReply: { message: 'new external', lang: 'de-DE' },
    });
    expect('allowExternalOof' in next).toBe(false);
    // The server's object is not modified.
    expect(SERVER.state).toBe('Scheduled');
    expect(SERVER.allowExternalOof).toBe('Known');
  });

  it('replaces the window when one is given', () => {
    const next = editedOof(SERVER, {
      type: 'set-oof',
      state: 'scheduled',
      start: '2025-07-01T08:00:00.000Z',
      end: '2025-07-02T08:00:00.000Z',
      externalAudience: 'known',
      internalReply: 'a',
      externalReply: 'b',
    });
    expect(next.duration).toEqual({
      start: new Date('2025-07-01T08:00:00Z'),
      end: new Date('2025-07-02T08:00:00Z'),
    });
    expect(next.state).toBe('Scheduled');
    expect(next.externalAudience).toBe('Known');
  });

  it('turning off changes the state only', () => {
    expect(oofTurnedOff(SERVER)).toEqual({ ...untouched, state: 'Disabled' });
  });
});
