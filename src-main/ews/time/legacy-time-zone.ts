/**
 * The legacy (Exchange 2007) time-zone rule, `t:SerializableTimeZone`. Its evaluation lives in
 * the neutral mailbox module (Graph's customTimeZone is the same rule); the EWS library uses it
 * under its EWS names.
 */
export {
  DAYS_OF_WEEK,
  localToUtc,
  offsetTransitions,
  transitionWallMs,
  utcOffsetMinutes,
  utcToLocal,
  zoneOffsets,
  zoneRuleFor as legacyTimeZoneFor,
  type DayOfWeek,
  type OffsetTransition,
  type TransitionRule,
  type ZoneRule as LegacyTimeZone,
} from '../../mailbox/time/zone-rule.js';
