/**
 * PRESENCE.md's words, with no imports: the contract (and through it the renderer's typecheck)
 * builds on these lists without pulling in the resolver or the EWS library.
 */
export const AVAILABILITIES = [
  'available',
  'busy',
  'in-a-meeting',
  'do-not-disturb',
  'be-right-back',
  'away',
  'off-work',
  'out-of-office',
  'offline',
] as const;
export type Availability = (typeof AVAILABILITIES)[number];

/** The availabilities' English names, as the CLI and the tray's English catalogue say them. */
export const AVAILABILITY_NAMES_EN: Readonly<Record<Availability, string>> = {
  available: 'Available',
  busy: 'Busy',
  'in-a-meeting': 'In a meeting',
  'do-not-disturb': 'Do not disturb',
  'be-right-back': 'Be right back',
  away: 'Away',
  'off-work': 'Off work',
  'out-of-office': 'Out of office',
  offline: 'Offline',
};

/** What the status menu offers: every value PRESENCE.md marks "set by: manual". */
export const MANUAL_AVAILABILITIES = [
  'available',
  'busy',
  'do-not-disturb',
  'be-right-back',
  'away',
  'off-work',
  'offline',
] as const satisfies readonly Availability[];
export type ManualAvailability = (typeof MANUAL_AVAILABILITIES)[number];

/** Expiry choices of the status menu. */
export const EXPIRY_CHOICES = ['30m', '1h', '2h', 'end-of-day', 'end-of-week', 'never'] as const;
export type ExpiryChoice = (typeof EXPIRY_CHOICES)[number];
