/**
 * The seeds: `demo` (a lived-in mailbox relative to "now": meetings around the current time, a
 * recurring stand-up, OOF next week, voicemails, a 20-person directory) and `empty` (the users
 * exist, their mailboxes are empty). Deterministic for a given clock.
 */
import {
  newCalendarItem,
  newMailbox,
  newMessage,
  newVoicemail,
  personOf,
  type MailboxInput,
} from './factory.js';
import { MailboxStore, type Attendee, type Credentials, type Mailbox } from './model.js';
import {
  EASTERN_ZONE,
  INDIA_ZONE,
  localToUtc,
  PACIFIC_ZONE,
  utcToLocal,
  WEST_EUROPE_ZONE,
} from './time-zone.js';

export type SeedName = 'demo' | 'empty';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const DOMAIN = 'beacon.test';

/** The people who can sign in; the first is the demo "me" user. */
export const DEMO_USERS: readonly (Credentials & MailboxInput)[] = [
  {
    email: `alex@${DOMAIN}`,
    displayName: 'Alex Wilber',
    password: 'alex-password',
    token: 'alex-token',
    jobTitle: 'Marketing Assistant',
    department: 'Marketing',
    office: '131/1104',
    phone: '+1 425 555 0109',
    timeZone: PACIFIC_ZONE,
  },
  {
    email: `nestor@${DOMAIN}`,
    displayName: 'Nestor Wilke',
    password: 'nestor-password',
    token: 'nestor-token',
    jobTitle: 'Director',
    department: 'Operations',
    office: '36/2121',
    phone: '+1 206 555 0105',
    timeZone: EASTERN_ZONE,
    voicemailEnabled: false,
  },
];

interface DirectoryPerson extends MailboxInput {
  oof?: 'enabled' | 'scheduled-now';
}

const person = (
  local: string,
  displayName: string,
  jobTitle: string,
  department: string,
  timeZone = PACIFIC_ZONE,
  extra: Partial<DirectoryPerson> = {},
): DirectoryPerson => ({
  email: `${local}@${DOMAIN}`,
  displayName,
  jobTitle,
  department,
  office: '',
  phone: '',
  timeZone,
  ...extra,
});

/** The rest of the directory: 19 more people (20 besides Alex, with Nestor). */
export const DIRECTORY: readonly DirectoryPerson[] = [
  person('megan', 'Megan Bowen', 'Marketing Manager', 'Marketing', PACIFIC_ZONE, {
    phone: '+1 425 555 0142',
  }),
  person('diego', 'Diego Siciliani', 'HR Manager', 'HR', EASTERN_ZONE),
  person('adele', 'Adele Vance', 'Retail Manager', 'Retail', PACIFIC_ZONE, { oof: 'enabled' }),
  person('lee', 'Lee Gu', 'Director', 'Executive Management', PACIFIC_ZONE, {
    freeBusyShared: false,
  }),
  person('lidia', 'Lidia Holloway', 'Product Manager', 'Engineering', PACIFIC_ZONE, {
    oof: 'scheduled-now',
  }),
  person('isaiah', 'Isaiah Langer', 'Sales Rep', 'Sales', EASTERN_ZONE),
  person('johanna', 'Johanna Lorenz', 'Senior Engineer', 'Engineering', WEST_EUROPE_ZONE),
  person('joni', 'Joni Sherman', 'Paralegal', 'Legal'),
  person('lynne', 'Lynne Robbins', 'Planner', 'Retail', EASTERN_ZONE, { oof: 'enabled' }),
  person('miriam', 'Miriam Graham', 'Director', 'Sales & Marketing'),
  person('patti', 'Patti Fernandez', 'President', 'Executive Management', INDIA_ZONE),
  person('pradeep', 'Pradeep Gupta', 'Accountant', 'Finance', INDIA_ZONE),
  person('grady', 'Grady Archie', 'Designer', 'R&D'),
  person('henrietta', 'Henrietta Mueller', 'Developer', 'R&D', WEST_EUROPE_ZONE),
  person('irvin', 'Irvin Sayers', 'Director', 'Sales'),
  person('christie', 'Christie Cline', 'Buyer', 'Sales', EASTERN_ZONE),
  person('enrico', 'Enrico Cattaneo', 'Attorney', 'Legal', WEST_EUROPE_ZONE),
  person('allan', 'Allan Deyoung', 'IT Admin', 'IT'),
  person('debra', 'Debra Berger', 'Administrative Assistant', 'Executive Management'),
];

/**
 * The demo user's contact list: colleagues from the directory, in groups as a newcomer's IM
 * client would have them. Their presence comes from their calendars and automatic replies.
 */
export const DEMO_CONTACTS: readonly { email: string; displayName: string; group: string }[] = [
  ...['megan', 'diego', 'isaiah', 'johanna', 'lidia', 'adele'].map((local) => ({
    local,
    group: 'My team',
  })),
  ...['nestor', 'lee', 'patti', 'lynne', 'pradeep', 'henrietta'].map((local) => ({
    local,
    group: 'Colleagues',
  })),
].map(({ local, group }) => {
  const person =
    DIRECTORY.find((p) => p.email === `${local}@${DOMAIN}`) ??
    DEMO_USERS.find((u) => u.email === `${local}@${DOMAIN}`);
  return { email: `${local}@${DOMAIN}`, displayName: person?.displayName ?? local, group };
});

const accept = (m: Mailbox): Attendee => ({ ...personOf(m), response: 'Accept' });

function addUsers(store: MailboxStore): Mailbox[] {
  return DEMO_USERS.map((user) => {
    store.credentials.push({ email: user.email, password: user.password, token: user.token });
    return store.add(newMailbox(user));
  });
}

export function seedEmpty(): MailboxStore {
  const store = new MailboxStore();
  addUsers(store);
  return store;
}

/** The next Monday (local midnight, UTC ms) strictly after the local day of `now`. */
function nextMonday(now: number, zone: typeof PACIFIC_ZONE): number {
  const localDay = Math.floor(utcToLocal(now, zone) / DAY) * DAY;
  const weekday = new Date(localDay).getUTCDay();
  const days = (8 - weekday) % 7 || 7;
  return localToUtc(localDay + days * DAY, zone);
}

export function seedDemo(nowDate: Date): MailboxStore {
  const store = new MailboxStore();
  const now = nowDate.getTime();
  const base = Math.floor(now / (15 * MINUTE)) * 15 * MINUTE;
  const [alex, nestor] = addUsers(store) as [Mailbox, Mailbox];
  const people = DIRECTORY.map((p) => store.add(newMailbox(p)));
  const byName = (local: string): Mailbox => {
    const found = store.find(`${local}@${DOMAIN}`);
    if (!found) throw new Error(`seed: no ${local}`);
    return found;
  };
  const megan = byName('megan');
  const diego = byName('diego');
  const isaiah = byName('isaiah');
  const zone = alex.workingHours.timeZone;
  const localToday = Math.floor(utcToLocal(now, zone) / DAY) * DAY;
  const teams = (n: number): string => `https://teams.microsoft.com/l/meetup-join/beacon-sim-${n}`;
  const add = (owner: Mailbox, input: Parameters<typeof newCalendarItem>[2]): void => {
    newCalendarItem(store, owner, input, now - 7 * DAY);
  };

  // Alex's day, around "now".
  add(alex, {
    subject: 'Budget sync',
    start: base - 3 * HOUR,
    end: base - 2 * HOUR,
    location: 'Room 2.14',
    organizer: personOf(megan),
    requiredAttendees: [accept(alex), accept(megan)],
    myResponseType: 'Accept',
    reminderMinutesBeforeStart: 15,
  });
  add(alex, {
    subject: 'Design review',
    start: base - 15 * MINUTE,
    end: base + 45 * MINUTE,
    location: 'Microsoft Teams Meeting',
    requiredAttendees: [accept(megan), accept(diego)],
    joinOnlineMeetingUrl: teams(1),
    reminderMinutesBeforeStart: 5,
  });
  add(alex, {
    subject: 'Architecture brown-bag',
    start: base + HOUR,
    end: base + HOUR + 30 * MINUTE,
    location: 'Cafeteria',
    freeBusy: 'Tentative',
    organizer: personOf(isaiah),
    requiredAttendees: [{ ...personOf(alex), response: 'Tentative' }],
    myResponseType: 'Tentative',
  });
  add(alex, {
    subject: 'Customer call: Contoso',
    start: base + 2 * HOUR,
    end: base + 3 * HOUR,
    location: 'Microsoft Teams Meeting',
    organizer: personOf(megan),
    requiredAttendees: [accept(alex)],
    myResponseType: 'Accept',
    joinOnlineMeetingUrl: teams(2),
    reminderMinutesBeforeStart: 10,
  });
  add(alex, {
    subject: 'Dentist',
    start: base + 4 * HOUR,
    end: base + 5 * HOUR,
    location: 'Main Street Dental',
    sensitivity: 'Private',
  });
  add(alex, {
    subject: 'Vendor demo',
    start: base + 6 * HOUR,
    end: base + 7 * HOUR,
    organizer: personOf(diego),
    requiredAttendees: [accept(alex)],
    isCancelled: true,
    freeBusy: 'Free',
  });
  add(alex, {
    subject: 'Release day',
    start: localToUtc(localToday, zone),
    end: localToUtc(localToday + DAY, zone),
    isAllDay: true,
    freeBusy: 'Free',
  });

  // The daily stand-up: 09:30 local for 15 minutes since two weeks ago; tomorrow's is moved to
  // 10:00, the day after tomorrow's is cancelled.
  const standUpFirst = localToUtc(localToday - 14 * DAY + 9.5 * HOUR, zone);
  const tomorrowStandUp = localToUtc(localToday + DAY + 9.5 * HOUR, zone);
  const dayAfterStandUp = localToUtc(localToday + 2 * DAY + 9.5 * HOUR, zone);
  add(alex, {
    subject: 'Daily stand-up',
    start: standUpFirst,
    end: standUpFirst + 15 * MINUTE,
    location: 'Microsoft Teams Meeting',
    organizer: personOf(megan),
    requiredAttendees: [accept(alex), accept(diego)],
    myResponseType: 'Accept',
    joinOnlineMeetingUrl: teams(3),
    recurrence: {
      pattern: { type: 'daily', interval: 1 },
      range: {},
      timeZone: zone,
      deletedOccurrences: [dayAfterStandUp],
      modifiedOccurrences: new Map([
        [
          tomorrowStandUp,
          { start: tomorrowStandUp + 30 * MINUTE, end: tomorrowStandUp + 45 * MINUTE },
        ],
      ]),
    },
  });

  // A weekly 1:1 on Tuesdays and Thursdays at 14:00 local, 30 occurrences from four weeks ago.
  const oneOnOneFirstDay = localToday - 28 * DAY;
  const oneOnOneFirst = localToUtc(oneOnOneFirstDay + 14 * HOUR, zone);
  const weekly = {
    pattern: { type: 'weekly' as const, interval: 1, daysOfWeek: ['Tuesday', 'Thursday'] as const },
  };
  const oneOnOne = {
    subject: '1:1 Alex / Megan',
    start: oneOnOneFirst,
    end: oneOnOneFirst + 30 * MINUTE,
    organizer: personOf(megan),
    requiredAttendees: [accept(alex)],
    myResponseType: 'Accept' as const,
  };
  const upcoming = upcomingWeekdayStarts(localToday, zone, 14 * HOUR, [2, 4], 2);
  const [movedOneOnOne = 0, cancelledOneOnOne = 0] = upcoming;
  add(alex, {
    ...oneOnOne,
    recurrence: {
      pattern: { ...weekly.pattern, daysOfWeek: [...weekly.pattern.daysOfWeek] },
      range: { numberOfOccurrences: 30 },
      timeZone: zone,
      deletedOccurrences: [cancelledOneOnOne],
      modifiedOccurrences: new Map([
        [
          movedOneOnOne,
          {
            start: movedOneOnOne + HOUR,
            end: movedOneOnOne + HOUR + 30 * MINUTE,
            subject: '1:1 Alex / Megan (moved)',
          },
        ],
      ]),
    },
  });

  // OOF next week: a calendar item and the scheduled automatic replies.
  const monday = nextMonday(now, zone);
  const saturday = localToUtc(utcToLocal(monday, zone) + 5 * DAY, zone);
  add(alex, {
    subject: 'Vacation',
    start: monday,
    end: saturday,
    isAllDay: true,
    freeBusy: 'OOF',
  });
  alex.oof = {
    state: 'Scheduled',
    externalAudience: 'All',
    duration: { start: monday, end: saturday },
    internalReply: {
      message: "<html><body>I'm on vacation next week. Megan Bowen covers for me.</body></html>",
      lang: 'en-US',
    },
    externalReply: {
      message: '<html><body>I am out of the office and will reply when I am back.</body></html>',
      lang: 'en-US',
    },
  };

  // Voicemail (in the inbox; the voicemail folder shows it) and a regular message.
  newVoicemail(store, alex, {
    callerName: 'Megan Bowen',
    callerNumber: '+14255550142',
    callerEmail: megan.email,
    clip: 'megan',
    received: now - 2 * HOUR,
    isRead: false,
  });
  newVoicemail(store, alex, {
    callerName: 'Diego Siciliani',
    callerNumber: '+14045550117',
    callerEmail: diego.email,
    clip: 'diego',
    received: now - DAY,
    isRead: true,
  });
  newVoicemail(store, alex, {
    callerName: 'Contoso Pharmacy',
    callerNumber: '+12065550199',
    clip: 'pharmacy',
    received: now - 3 * DAY,
    isRead: true,
  });
  // Older voicemail in every other format Exchange UM records in, a Korean one, and a
  // rights-managed one whose audio cannot be played here.
  newVoicemail(store, alex, {
    callerName: '김민지',
    callerNumber: '+82234560147',
    clip: 'minji',
    received: now - 3 * DAY - 6 * HOUR,
    isRead: false,
  });
  newVoicemail(store, alex, {
    callerName: 'Patti Fernandez',
    callerNumber: '+14255550133',
    callerEmail: byName('patti').email,
    protected: true,
    durationSeconds: 14,
    received: now - 4 * DAY,
    isRead: false,
  });
  newVoicemail(store, alex, {
    callerName: 'Adele Vance',
    callerNumber: '+14255550171',
    callerEmail: byName('adele').email,
    clip: 'adele',
    received: now - 4 * DAY - 3 * HOUR,
    isRead: true,
  });
  newVoicemail(store, alex, {
    callerName: 'Lee Gu',
    callerNumber: '+14255550188',
    callerEmail: byName('lee').email,
    clip: 'lee',
    received: now - 5 * DAY,
    isRead: true,
  });
  newVoicemail(store, alex, {
    callerName: 'Isaiah Langer',
    callerNumber: '+12125550163',
    clip: 'isaiah',
    received: now - 6 * DAY - 2 * HOUR,
    isRead: true,
  });
  newVoicemail(store, alex, {
    callerName: 'Johanna Lorenz',
    callerNumber: '+14255550125',
    callerEmail: byName('johanna').email,
    clip: 'johanna',
    received: now - 7 * DAY,
    isRead: true,
  });
  newMessage(store, alex, {
    folder: 'inbox',
    subject: 'Welcome to Beacon',
    body: 'Your mailbox is ready.',
    from: personOf(megan),
    to: [personOf(alex)],
    received: now - 4 * DAY,
  });
  newMessage(store, alex, {
    folder: 'conversationhistory',
    itemClass: 'IPM.Note.Microsoft.Conversation',
    subject: 'Conversation with Megan Bowen',
    body: 'Megan Bowen: lunch?\nAlex Wilber: sure, 12:30',
    from: personOf(alex),
    to: [personOf(megan)],
    received: now - DAY,
  });

  // Nestor: no Unified Messaging, but a voicemail and a missed call in the inbox.
  newVoicemail(store, nestor, {
    callerName: 'Contoso Pharmacy',
    callerNumber: '+12065550199',
    clip: 'pharmacyMp3',
    received: now - 5 * HOUR,
    isRead: false,
  });
  newMessage(store, nestor, {
    folder: 'inbox',
    itemClass: 'IPM.Note.Microsoft.Missed.Voice',
    subject: 'Missed call from Megan Bowen',
    body: 'You missed a call from Megan Bowen.',
    from: personOf(megan),
    to: [personOf(nestor)],
    received: now - 6 * HOUR,
    isRead: false,
  });
  newMessage(store, nestor, {
    folder: 'inbox',
    subject: 'Quarterly numbers',
    body: 'See attached.',
    from: personOf(diego),
    to: [personOf(nestor)],
    received: now - DAY,
  });
  add(nestor, { subject: 'Operations review', start: base + HOUR, end: base + 2 * HOUR });

  seedDirectoryCalendars(store, [nestor, ...people], base, now);
  return store;
}

/** The next `count` local-day starts (UTC ms at `timeOfDay`) on the given weekdays, after today. */
function upcomingWeekdayStarts(
  localToday: number,
  zone: typeof PACIFIC_ZONE,
  timeOfDay: number,
  weekdays: number[],
  count: number,
): number[] {
  const result: number[] = [];
  for (let d = 1; result.length < count && d < 15; d++) {
    const day = localToday + d * DAY;
    if (weekdays.includes(new Date(day).getUTCDay()))
      result.push(localToUtc(day + timeOfDay, zone));
  }
  return result;
}

/** Free/busy for everyone else, deterministic by position, plus OOF settings for some. */
function seedDirectoryCalendars(
  store: MailboxStore,
  people: Mailbox[],
  base: number,
  now: number,
): void {
  people.forEach((m, i) => {
    const created = now - 7 * DAY;
    if (m.email.startsWith('nestor@')) return;
    newCalendarItem(
      store,
      m,
      {
        subject: `Project sync ${i}`,
        start: base + ((i % 6) - 2) * HOUR,
        end: base + ((i % 6) - 1) * HOUR,
        location: `Room ${i + 1}`,
      },
      created,
    );
    if (i % 3 === 0) {
      newCalendarItem(
        store,
        m,
        {
          subject: 'Optional training',
          start: base + 3 * HOUR,
          end: base + 3.5 * HOUR,
          freeBusy: 'Tentative',
        },
        created,
      );
    }
    if (i % 4 === 1) {
      newCalendarItem(
        store,
        m,
        {
          subject: 'Doctor appointment',
          start: base + 5 * HOUR,
          end: base + 6 * HOUR,
          sensitivity: 'Private',
        },
        created,
      );
    }
    if (i % 5 === 2) {
      newCalendarItem(
        store,
        m,
        {
          subject: 'Working from home',
          start: base - HOUR,
          end: base + 8 * HOUR,
          freeBusy: 'WorkingElsewhere',
        },
        created,
      );
    }
    const spec = DIRECTORY.find((p) => p.email === m.email);
    if (spec?.oof) {
      const zone = m.workingHours.timeZone;
      const today = Math.floor(utcToLocal(now, zone) / DAY) * DAY;
      newCalendarItem(
        store,
        m,
        {
          subject: 'Out of office',
          start: localToUtc(today, zone),
          end: localToUtc(today + 2 * DAY, zone),
          isAllDay: true,
          freeBusy: 'OOF',
        },
        created,
      );
      m.oof = {
        state: spec.oof === 'enabled' ? 'Enabled' : 'Scheduled',
        externalAudience: 'Known',
        internalReply: {
          message: `${m.displayName} is out of the office until the day after tomorrow.`,
          lang: 'en-US',
        },
        externalReply: { message: `${m.displayName} is away.`, lang: 'en-US' },
      };
      if (spec.oof === 'scheduled-now') {
        m.oof.duration = { start: now - DAY, end: now + 2 * DAY };
      }
    }
  });
}

export function seedStore(seed: SeedName, now: Date): MailboxStore {
  return seed === 'demo' ? seedDemo(now) : seedEmpty();
}
