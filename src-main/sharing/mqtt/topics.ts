/**
 * What Beacon publishes to an MQTT broker (pure): the topics for one mailbox, the retained
 * presence message, and Home Assistant's MQTT discovery so the presence shows up as a sensor (and
 * a "busy" binary sensor for lights) with no configuration in Home Assistant.
 */
import { AVAILABILITIES, type Availability, type MqttSettings } from '../../core/contract.js';
import type { PresenceValues } from '../presence-values.js';

/** The availabilities a busy light shows red for. */
export const BUSY_AVAILABILITIES: readonly Availability[] = [
  'busy',
  'in-a-meeting',
  'do-not-disturb',
];

/** `ada@contoso.com` → `ada_contoso_com`: a topic level and a Home Assistant object id. */
export function mailboxSlug(mailbox: string): string {
  const slug = mailbox
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return slug === '' ? 'beacon' : slug;
}

export interface Topics {
  /** Retained JSON presence. */
  presence: string;
  /** Retained `online` / `offline`; the last will says `offline`. */
  status: string;
  /** Home Assistant discovery config of the presence sensor. */
  sensorConfig: string;
  /** Home Assistant discovery config of the busy binary sensor. */
  busyConfig: string;
}

export function topicsFor(
  settings: Pick<MqttSettings, 'topicPrefix' | 'discoveryPrefix'>,
  slug: string,
): Topics {
  const base = `${settings.topicPrefix}/${slug}`;
  return {
    presence: `${base}/presence`,
    status: `${base}/status`,
    sensorConfig: `${settings.discoveryPrefix}/sensor/beacon_${slug}/presence/config`,
    busyConfig: `${settings.discoveryPrefix}/binary_sensor/beacon_${slug}/busy/config`,
  };
}

export const ONLINE = 'online';
export const OFFLINE = 'offline';

/** The retained presence message. */
export function presencePayload(values: PresenceValues, updatedAt: string): string {
  return JSON.stringify({
    availability: values.availability,
    activity: values.activity,
    until: values.until,
    oof: values.oof,
    colour: values.colour,
    note: values.note,
    busy: BUSY_AVAILABILITIES.includes(values.availability),
    updatedAt,
  });
}

/** The discovery messages (topic → retained JSON config). */
export function discoveryMessages(
  topics: Topics,
  slug: string,
  mailbox: string,
): [string, string][] {
  const device = {
    identifiers: [`beacon_${slug}`],
    name: `Beacon (${mailbox})`,
    manufacturer: 'Beacon',
    model: 'Presence for Exchange',
  };
  const availability = {
    availability_topic: topics.status,
    payload_available: ONLINE,
    payload_not_available: OFFLINE,
  };
  const sensor = {
    name: 'Presence',
    unique_id: `beacon_${slug}_presence`,
    object_id: `beacon_${slug}_presence`,
    state_topic: topics.presence,
    value_template: '{{ value_json.availability }}',
    json_attributes_topic: topics.presence,
    device_class: 'enum',
    options: [...AVAILABILITIES],
    icon: 'mdi:account-circle',
    device,
    ...availability,
  };
  const busy = {
    name: 'Busy',
    unique_id: `beacon_${slug}_busy`,
    object_id: `beacon_${slug}_busy`,
    state_topic: topics.presence,
    value_template: "{{ 'ON' if value_json.busy else 'OFF' }}",
    payload_on: 'ON',
    payload_off: 'OFF',
    device_class: 'occupancy',
    icon: 'mdi:cellphone-message-off',
    device,
    ...availability,
  };
  return [
    [topics.sensorConfig, JSON.stringify(sensor)],
    [topics.busyConfig, JSON.stringify(busy)],
  ];
}
