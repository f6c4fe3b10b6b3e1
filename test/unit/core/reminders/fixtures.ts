/** Snapshots for the reminder rules: the sample Snapshot with the parts a rule is about replaced. */
import type { AgendaItem, Snapshot } from '../../../../src-main/core/contract.js';
import { sampleSnapshot } from '../sample-snapshot.js';

export const MINUTE = 60_000;
/** Friday 27 November 2026, 09:00 UTC (09:00 in London). */
export const NOW = Date.UTC(2026, 10, 27, 9, 0, 0);

export const iso = (ms: number): string => new Date(ms).toISOString();

/** A busy meeting with a Teams link, 30 minutes long. */
export function meeting(id: string, start: number, extra: Partial<AgendaItem> = {}): AgendaItem {
  return {
    id,
    subject: `Meeting ${id}`,
    location: 'Room 4',
    start: iso(start),
    end: iso(start + 30 * MINUTE),
    isAllDay: false,
    freeBusy: 'busy',
    isMeeting: true,
    isCancelled: false,
    isTentative: false,
    isPrivate: false,
    joinUrl: `https://teams.microsoft.com/l/meetup-join/${id}`,
    ...extra,
  };
}

export interface SnapshotParts {
  agenda?: AgendaItem[];
  availability?: Snapshot['presence']['availability'];
  oof?: Snapshot['oof'];
  connection?: Snapshot['connection']['state'];
  mailbox?: string;
  mode?: Snapshot['account']['mode'];
}

/** Online, available, automatic replies off, an empty agenda unless the parts say otherwise. */
export function snapshotWith(parts: SnapshotParts = {}): Snapshot {
  const base = sampleSnapshot();
  const oofOff: Snapshot['oof'] = base.oof === null ? null : { ...base.oof, state: 'disabled' };
  return {
    ...base,
    account: {
      ...base.account,
      mode: parts.mode ?? 'exchange',
      mailbox: parts.mailbox ?? base.account.mailbox,
    },
    connection: { state: parts.connection ?? 'online', lastSuccessAt: iso(NOW) },
    presence: { ...base.presence, availability: parts.availability ?? 'available', oof: false },
    oof: parts.oof === undefined ? oofOff : parts.oof,
    agenda: parts.agenda ?? [],
  };
}

/** Automatic replies in `state`, with a window when given. */
export function oof(
  state: 'enabled' | 'disabled' | 'scheduled',
  window?: { start: number; end: number },
): NonNullable<Snapshot['oof']> {
  const value: NonNullable<Snapshot['oof']> = {
    state,
    externalAudience: 'known',
    internalReply: 'Away until Monday',
    externalReply: 'Away until Monday',
  };
  if (window !== undefined) {
    value.start = iso(window.start);
    value.end = iso(window.end);
  }
  return value;
}
