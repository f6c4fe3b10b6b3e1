/**
 * Which notices are due now, as a pure function of the Snapshot, the time and what was already
 * handled. The service keeps the memory and one timer at `nextCheckAt`; everything it decides is
 * decided here, so every rule runs in tests without a clock.
 *
 * Meeting reminders: `leadMs` before the start of each agenda item that someone would go to
 * (see `isRemindable`), once per item and start, never once it has started, never while the user
 * is in do-not-disturb (as Communicator held its alerts). An item already inside its lead window
 * when first seen (the app started three minutes before) is due at once.
 *
 * "Automatic replies are still on": checked once per account, on the first Snapshot of this run
 * that holds OOF settings read fresh from Exchange. Turning them on later is the user's own doing
 * and says nothing new, so a later change never raises it.
 */
import type { AgendaItem, OofSnapshot, Snapshot } from '../contract.js';
import { isOpenableJoinUrl } from '../join-link.js';
import type { MeetingSoonNotice, Notice, OofStillOnNotice } from './notice.js';

export const DEFAULT_LEAD_MS = 5 * 60_000;

/** What was handled, for one account. */
export interface ReminderMemory {
  /** `mode:mailbox` of the account the memory belongs to; another account starts afresh. */
  readonly account: string | undefined;
  /** Handled notice ids, each with the instant from which it can never be due again. */
  readonly handled: ReadonlyMap<string, number>;
}

export const EMPTY_MEMORY: ReminderMemory = { account: undefined, handled: new Map() };

export interface ReminderPlan {
  /** Notices to show now, meetings in start order, then the OOF notice. */
  due: Notice[];
  /** The memory to plan with next time (`due` already in it). */
  memory: ReminderMemory;
  /**
   * The next instant a notice may fall due with no new Snapshot (a meeting entering its lead
   * window), always after `now`; absent when only a new Snapshot can change the plan.
   */
  nextCheckAt?: number;
}

/**
 * Items someone goes to. Tentative ones count: the user has not declined, and missing a meeting
 * is worse than one reminder too many. Free items (FYI holds, declined leftovers) and
 * working-elsewhere markers ("Working from home") are not appointments. All-day items have no
 * moment to remind of; cancelled ones will not happen.
 */
function isRemindable(item: AgendaItem): boolean {
  return (
    !item.isCancelled &&
    !item.isAllDay &&
    item.freeBusy !== 'free' &&
    item.freeBusy !== 'working-elsewhere'
  );
}

/** Whether automatic replies are being sent at `now`, and until when if the window says. */
function oofInEffect(oof: OofSnapshot, now: number): { on: false } | { on: true; until?: string } {
  if (oof.state === 'enabled') return { on: true };
  if (oof.state === 'scheduled' && oof.start !== undefined && oof.end !== undefined) {
    if (Date.parse(oof.start) <= now && now < Date.parse(oof.end))
      return { on: true, until: oof.end };
  }
  return { on: false };
}

function accountKey(account: Snapshot['account']): string {
  return `${account.mode}:${account.mailbox.toLowerCase()}`;
}

function meetingNoticeId(item: Pick<AgendaItem, 'id' | 'start'>): string {
  return `meeting:${item.id}:${item.start}`;
}

function meetingNotice(item: AgendaItem, start: number, now: number): MeetingSoonNotice {
  const notice: MeetingSoonNotice = {
    kind: 'meeting-soon',
    id: meetingNoticeId(item),
    itemId: item.id,
    subject: item.subject,
    start: item.start,
    minutesLeft: Math.max(1, Math.ceil((start - now) / 60_000)),
    isMeeting: item.isMeeting,
    isPrivate: item.isPrivate,
    joinable: isOpenableJoinUrl(item.joinUrl),
  };
  if (item.location !== undefined && item.location !== '') notice.location = item.location;
  return notice;
}

export function planReminders(
  snapshot: Snapshot,
  now: number,
  memory: ReminderMemory,
  leadMs: number = DEFAULT_LEAD_MS,
): ReminderPlan {
  const account = accountKey(snapshot.account);
  // Forget what can never be due again, and everything of another account.
  const handled = new Map(
    account === memory.account ? [...memory.handled].filter(([, until]) => until > now) : [],
  );
  const due: Notice[] = [];
  let nextCheckAt: number | undefined;

  // While in do-not-disturb nothing is marked handled: when it ends, the new Snapshot re-plans
  // and a meeting that has not started yet is still reminded of.
  if (snapshot.presence.availability !== 'do-not-disturb') {
    for (const item of snapshot.agenda) {
      if (!isRemindable(item)) continue;
      const id = meetingNoticeId(item);
      const start = Date.parse(item.start);
      if (handled.has(id) || now >= start) continue;
      const remindAt = start - leadMs;
      if (now >= remindAt) {
        due.push(meetingNotice(item, start, now));
        // Once started it can never be due again, so the id can be forgotten then.
        handled.set(id, start);
      } else if (nextCheckAt === undefined || remindAt < nextCheckAt) {
        nextCheckAt = remindAt;
      }
    }
  }

  const oofId = `oof:${account}`;
  // Only settings read in this run count: a cached Snapshot (stale) may be days old.
  if (!handled.has(oofId) && snapshot.connection.state === 'online' && snapshot.oof !== null) {
    handled.set(oofId, Number.POSITIVE_INFINITY);
    const effect = oofInEffect(snapshot.oof, now);
    if (effect.on) {
      const notice: OofStillOnNotice = { kind: 'oof-still-on', id: oofId };
      if (effect.until !== undefined) notice.until = effect.until;
      due.push(notice);
    }
  }

  const plan: ReminderPlan = { due, memory: { account, handled } };
  if (nextCheckAt !== undefined) plan.nextCheckAt = nextCheckAt;
  return plan;
}
