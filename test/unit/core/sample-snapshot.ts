import type { Snapshot } from '../../../src-main/core/contract.js';

/** A Snapshot with every part filled, as the core would publish it mid-morning. */
export function sampleSnapshot(): Snapshot {
  return {
    account: {
      mode: 'exchange',
      mailbox: 'alex@contoso.example',
      displayName: 'Alex Wilber',
      ewsUrl: 'https://mail.contoso.example/EWS/Exchange.asmx',
      signIn: 'signed-in',
      passwordStorage: 'keychain',
    },
    keychain: 'available',
    connection: { state: 'online', lastSuccessAt: '2026-11-27T09:02:00.000Z' },
    presence: {
      availability: 'in-a-meeting',
      idle: false,
      oof: true,
      note: 'Back on Monday',
      activity: { kind: 'in-a-meeting-until', until: '2026-11-27T10:30:00.000Z' },
      activityText: 'In a meeting until 11:30',
      nextChange: '2026-11-27T10:30:00.000Z',
      source: 'automatic',
    },
    manual: null,
    oof: {
      state: 'scheduled',
      externalAudience: 'known',
      start: '2026-11-27T17:00:00.000Z',
      end: '2026-11-30T08:00:00.000Z',
      internalReply: '<p>Back on <b>Monday</b> &amp; reading mail.</p><script>alert(1)</script>',
      externalReply: '<div>Out of office</div>',
      allowExternalOof: 'all',
    },
    agenda: [
      {
        id: 'AAMkAD-1',
        subject: 'Design review',
        location: 'Room 4 ☕',
        start: '2026-11-27T09:30:00.000Z',
        end: '2026-11-27T10:30:00.000Z',
        isAllDay: false,
        freeBusy: 'busy',
        isMeeting: true,
        isCancelled: false,
        isTentative: false,
        isPrivate: false,
        joinUrl: 'https://teams.microsoft.com/l/meetup-join/abc',
      },
      {
        id: 'AAMkAD-2',
        subject: 'Private appointment',
        start: '2026-11-27T13:00:00.000Z',
        end: '2026-11-27T14:00:00.000Z',
        isAllDay: false,
        freeBusy: 'oof',
        isMeeting: false,
        isCancelled: false,
        isTentative: false,
        isPrivate: true,
      },
    ],
    timeline: {
      start: '2026-11-27T00:00:00.000Z',
      intervalMinutes: 30,
      slots: '000000000000000000022003',
    },
    contacts: [],
    voicemail: [],
    settings: {
      account: {
        ewsUrl: 'https://mail.contoso.example/EWS/Exchange.asmx',
        mailbox: 'alex@contoso.example',
        useAutodiscover: false,
        demo: true,
      },
      presence: { awayAfterMinutes: 15, inactiveAfterMinutes: 5, showOffWork: true },
      locale: 'en-GB',
    },
    warnings: [],
  };
}
