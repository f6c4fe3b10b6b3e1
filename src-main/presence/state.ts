import {
  blockingItems,
  busyRunEnd,
  calendarAt,
  nextBlockingStart,
  oofItemSpans,
} from './busy-runs.js';
import type { BlockingItem } from './busy-runs.js';
import { htmlToNote } from './html-note.js';
import { manualActiveAt } from './manual.js';
import { automaticReplyWindow } from './oof.js';
import { contains, runContaining } from './spans.js';
import type { Activity, Presence, PresenceInput, Span } from './types.js';
import { workingSpans } from './working-hours.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** "Free until" only for a busy item starting within this long (and before the working day ends). */
export const FREE_UNTIL_HORIZON_MS = 8 * HOUR_MS;
/** How far ahead nextChange looks; beyond it the periodic refresh takes over. */
export const LOOKAHEAD_MS = 14 * DAY_MS;

/** Everything the resolver derives from the input once, independent of the instant asked about. */
export interface Context {
  input: PresenceInput;
  items: BlockingItem[];
  replyWindow: Span | undefined;
  /** Calendar OOF items plus the automatic-reply window: the spans that mean out-of-office. */
  oofSpans: Span[];
  /** undefined when the working hours are unknown (none given, or no period on any day). */
  working: Span[] | undefined;
  replyNote: string;
}

export type PresenceState = Omit<Presence, 'nextChange'>;

export function prepare(input: PresenceInput): Context {
  const now = input.now.getTime();
  const items = blockingItems(input.events);
  const replyWindow = automaticReplyWindow(input.oof);
  const working =
    input.workingHours === undefined
      ? []
      : workingSpans(input.workingHours, now - 2 * DAY_MS, now + LOOKAHEAD_MS + 8 * DAY_MS);
  return {
    input,
    items,
    replyWindow,
    oofSpans: [...oofItemSpans(items), ...(replyWindow ? [replyWindow] : [])],
    working: working.length > 0 ? working : undefined,
    replyNote: replyWindow ? htmlToNote(input.oof?.internalReplyHtml ?? '') : '',
  };
}

const NONE: Activity = { kind: 'none' };

function freeActivity(ctx: Context, t: number): Activity {
  const next = nextBlockingStart(ctx.items, t);
  const dayEnd = ctx.working?.find((s) => contains(s, t))?.end;
  if (
    next !== undefined &&
    next - t <= FREE_UNTIL_HORIZON_MS &&
    (dayEnd === undefined || next < dayEnd)
  ) {
    return { kind: 'free-until', until: new Date(next) };
  }
  return { kind: 'free-rest-of-day' };
}

type Automatic = Pick<PresenceState, 'availability' | 'activity'>;

/** Resolution steps 3 to 7 of PRESENCE.md: the first that applies wins. */
function automaticAt(ctx: Context, t: number): Automatic {
  const { idle, settings } = ctx.input;
  const calendar = calendarAt(ctx.items, t);
  if (calendar === 'oof' || (ctx.replyWindow !== undefined && contains(ctx.replyWindow, t))) {
    const end = runContaining(ctx.oofSpans, t)?.end ?? Infinity;
    return {
      availability: 'out-of-office',
      activity: end === Infinity ? { kind: 'oof' } : { kind: 'oof-until', until: new Date(end) },
    };
  }
  if (calendar === 'meeting' || calendar === 'busy') {
    const until = new Date(busyRunEnd(ctx.items, t) ?? t);
    return calendar === 'meeting'
      ? { availability: 'in-a-meeting', activity: { kind: 'in-a-meeting-until', until } }
      : { availability: 'busy', activity: { kind: 'busy-until', until } };
  }
  if (idle.locked || idle.idleSeconds >= settings.awayAfterSeconds) {
    return { availability: 'away', activity: NONE };
  }
  if (settings.showOffWork && ctx.working && !ctx.working.some((s) => contains(s, t))) {
    const next = ctx.working.find((s) => s.start > t)?.start;
    return {
      availability: 'off-work',
      activity: next === undefined ? NONE : { kind: 'off-work-until', until: new Date(next) },
    };
  }
  return { availability: 'available', activity: freeActivity(ctx, t) };
}

/** The presence at instant `t`, with the idle state and manual choice of the input. */
export function stateAt(ctx: Context, t: number): PresenceState {
  const { input } = ctx;
  const replies = ctx.replyWindow !== undefined && contains(ctx.replyWindow, t);
  const idle = input.idle.locked || input.idle.idleSeconds >= input.settings.inactiveAfterSeconds;
  if (!input.signedIn) {
    return {
      availability: 'offline',
      idle,
      oof: replies,
      note: '',
      activity: NONE,
      source: 'signed-out',
    };
  }
  const manualNote = input.manual?.note?.trim() ?? '';
  const manual = manualActiveAt(input.manual, t) ? input.manual : undefined;
  const note =
    manual !== undefined && manualNote !== '' ? manualNote : replies ? ctx.replyNote : '';
  if (manual !== undefined) {
    return {
      availability: manual.availability,
      idle,
      oof: replies,
      note,
      activity: NONE,
      source: 'manual',
    };
  }
  return { ...automaticAt(ctx, t), idle, oof: replies, note, source: 'automatic' };
}

function sameActivity(a: Activity, b: Activity): boolean {
  if (a.kind !== b.kind) return false;
  const untilA = 'until' in a ? a.until.getTime() : undefined;
  const untilB = 'until' in b ? b.until.getTime() : undefined;
  return untilA === untilB;
}

export function sameState(a: PresenceState, b: PresenceState): boolean {
  return (
    a.availability === b.availability &&
    a.idle === b.idle &&
    a.oof === b.oof &&
    a.note === b.note &&
    a.source === b.source &&
    sameActivity(a.activity, b.activity)
  );
}
