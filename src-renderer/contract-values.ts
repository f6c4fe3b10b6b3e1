/**
 * The contract's value lists, restated for the renderer: it may import only types from src-main
 * (the schemas would bring zod into the bundle). `allOf` makes a list that misses a value of
 * the contract's union fail to compile, so the two cannot drift apart unnoticed.
 */
import type {
  ExternalAudience,
  ManualAvailability,
  ManualExpiry,
  OofState,
} from '../src-main/core/contract.js';

function allOf<U extends string>() {
  return <const T extends readonly U[]>(values: T & ([U] extends [T[number]] ? unknown : never)) =>
    values;
}

export const MANUAL_CHOICES = allOf<ManualAvailability>()([
  'available',
  'busy',
  'do-not-disturb',
  'be-right-back',
  'away',
  'off-work',
  'offline',
]);

export const EXPIRY_CHOICES = allOf<ManualExpiry>()([
  '30m',
  '1h',
  '2h',
  'end-of-day',
  'end-of-week',
  'never',
]);

export const OOF_STATE_CHOICES = allOf<OofState>()(['disabled', 'enabled', 'scheduled']);

export const AUDIENCE_CHOICES = allOf<ExternalAudience>()(['none', 'known', 'all']);

/** contract.ts MAX_NOTE_LENGTH. */
export const NOTE_MAX_LENGTH = 200;

/** contract.ts PresenceThresholdsSchema: idle thresholds are whole minutes in this range. */
export const THRESHOLD_MIN_MINUTES = 1;
export const THRESHOLD_MAX_MINUTES = 480;
