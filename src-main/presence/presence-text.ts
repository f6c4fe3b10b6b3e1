/**
 * The presence words the main process shows people, in English and Korean: the availability
 * names and the activity line ("In a meeting until 15:30"). The CLI and the tray both speak
 * them, so they are written once here; the renderer may import only types from src-main and
 * keeps its own catalogue (src-renderer/i18n), worded alike (a test holds the two in step, so
 * the tray and the window never name a status differently). Pure: how an instant reads (zone,
 * locale, whether the day is named) is the caller's, passed in.
 */
import type { Activity } from '../core/contract.js';
import { AVAILABILITY_NAMES_EN, type Availability } from './vocabulary.js';

export type PresenceLanguage = 'en' | 'ko';

/** The activity kinds that end at a time ("In a meeting until 15:30"). */
export type TimedActivityKind = Extract<Activity, { until: string }>['kind'];

export interface ActivityTexts {
  until: Readonly<Record<TimedActivityKind, (when: string) => string>>;
  freeRestOfDay: string;
  oof: string;
}

export interface PresenceTexts {
  availability: Readonly<Record<Availability, string>>;
  /** The activity line, from the core's structured activity and its instant. */
  activity: ActivityTexts;
}

const en: PresenceTexts = {
  availability: AVAILABILITY_NAMES_EN,
  activity: {
    until: {
      'in-a-meeting-until': (when) => `In a meeting until ${when}`,
      // PRESENCE.md: busy and in-a-meeting share the line ("In a meeting until 15:30").
      'busy-until': (when) => `In a meeting until ${when}`,
      'free-until': (when) => `Free until ${when}`,
      'oof-until': (when) => `Out of office until ${when}`,
      'off-work-until': (when) => `Off work until ${when}`,
    },
    freeRestOfDay: 'Free for the rest of the day',
    oof: 'Out of office',
  },
};

const ko: PresenceTexts = {
  availability: {
    available: '대화 가능',
    busy: '다른 용무 중',
    'in-a-meeting': '회의 중',
    'do-not-disturb': '방해 금지',
    'be-right-back': '곧 돌아오겠음',
    away: '자리 비움',
    'off-work': '업무 시간 외',
    'out-of-office': '부재 중',
    offline: '오프라인',
  },
  activity: {
    until: {
      'in-a-meeting-until': (when) => `${when}까지 회의 중`,
      'busy-until': (when) => `${when}까지 회의 중`,
      'free-until': (when) => `${when}까지 일정 없음`,
      'oof-until': (when) => `${when}까지 부재 중`,
      'off-work-until': (when) => `${when}까지 업무 시간 외`,
    },
    freeRestOfDay: '오늘 남은 시간 동안 일정 없음',
    oof: '부재 중',
  },
};

const TEXTS: Readonly<Record<PresenceLanguage, PresenceTexts>> = { en, ko };

export function presenceTexts(language: PresenceLanguage): PresenceTexts {
  return TEXTS[language];
}

/**
 * The activity line for `activity`; empty for `none`. `formatUntil` turns the core's instant
 * into the shell's own words for it ("15:30", or with the day when it is not today), so each
 * shell keeps its zone, locale and date style while the sentence around it is the same.
 */
export function activityLine(
  activity: Activity,
  texts: Pick<PresenceTexts, 'activity'>,
  formatUntil: (until: Date) => string,
): string {
  switch (activity.kind) {
    case 'none':
      return '';
    case 'free-rest-of-day':
      return texts.activity.freeRestOfDay;
    case 'oof':
      return texts.activity.oof;
    default:
      return texts.activity.until[activity.kind](formatUntil(new Date(activity.until)));
  }
}
