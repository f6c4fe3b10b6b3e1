import { DecodeError } from '../errors.js';
import { el, textEl, type XmlFragment } from '../xml/build.js';
import { requireChild, requireText, type XmlNode } from '../xml/parse.js';
import {
  DAYS_OF_WEEK,
  type DayOfWeek,
  type LegacyTimeZone,
  type TransitionRule,
} from './legacy-time-zone.js';

/** `t:TimeZone` (or another element of type t:SerializableTimeZone), children in schema order. */
export function buildLegacyTimeZone(tz: LegacyTimeZone, name = 't:TimeZone'): XmlFragment {
  return el(name, undefined, [
    textEl('t:Bias', tz.bias),
    buildRule('t:StandardTime', tz.standard),
    buildRule('t:DaylightTime', tz.daylight),
  ]);
}

function buildRule(name: string, rule: TransitionRule): XmlFragment {
  return el(name, undefined, [
    textEl('t:Bias', rule.bias),
    textEl('t:Time', rule.time),
    textEl('t:DayOrder', rule.dayOrder),
    textEl('t:Month', rule.month),
    textEl('t:DayOfWeek', rule.dayOfWeek),
  ]);
}

/** Reads a t:SerializableTimeZone element (the request's TimeZone, or WorkingHours/TimeZone). */
export function readLegacyTimeZone(node: XmlNode, path: string): LegacyTimeZone {
  return {
    bias: readInt(node, 'Bias', path),
    standard: readRule(requireChild(node, 'StandardTime', path), `${path}/StandardTime`),
    daylight: readRule(requireChild(node, 'DaylightTime', path), `${path}/DaylightTime`),
  };
}

function readRule(node: XmlNode, path: string): TransitionRule {
  const time = requireText(node, 'Time', path);
  if (!/^\d{1,2}:\d{2}(:\d{2})?$/.test(time)) throw new DecodeError(`Bad Time "${time}"`, path);
  const dayOfWeek = requireText(node, 'DayOfWeek', path);
  if (!isDayOfWeek(dayOfWeek)) throw new DecodeError(`Bad DayOfWeek "${dayOfWeek}"`, path);
  const [h = '0', m = '0', s = '0'] = time.split(':');
  return {
    bias: readInt(node, 'Bias', path),
    time: `${h.padStart(2, '0')}:${m}:${s.padStart(2, '0')}`,
    dayOrder: readInt(node, 'DayOrder', path),
    month: readInt(node, 'Month', path),
    dayOfWeek,
  };
}

function isDayOfWeek(value: string): value is DayOfWeek {
  return (DAYS_OF_WEEK as readonly string[]).includes(value);
}

export function readInt(node: XmlNode, name: string, path: string): number {
  const raw = requireText(node, name, path);
  if (!/^[+-]?\d+$/.test(raw)) throw new DecodeError(`${name} is not an integer: "${raw}"`, path);
  return Number.parseInt(raw, 10);
}
