import { describe, expect, it } from 'vitest';
import { checkBrokerUrl, mqttSecretName } from '../../../src-main/sharing/mqtt/broker-url.js';
import { isRetryable, mqttProblemOf } from '../../../src-main/sharing/mqtt/problem.js';
import {
  discoveryMessages,
  mailboxSlug,
  presencePayload,
  topicsFor,
} from '../../../src-main/sharing/mqtt/topics.js';

describe('MQTT topics', () => {
  it('name one mailbox by a slug that is a topic level and a Home Assistant id', () => {
    expect(mailboxSlug(' Ada.Lovelace+lights@Contoso.com ')).toBe(
      'ada_lovelace_lights_contoso_com',
    );
    expect(mailboxSlug('@@')).toBe('beacon');
    expect(mailboxSlug('a/b#c+d@x')).not.toMatch(/[/#+]/);
  });

  it('put presence and status under the prefix and discovery under its own prefix', () => {
    expect(topicsFor({ topicPrefix: 'office/lights', discoveryPrefix: 'ha' }, 'ada_x')).toEqual({
      presence: 'office/lights/ada_x/presence',
      status: 'office/lights/ada_x/status',
      sensorConfig: 'ha/sensor/beacon_ada_x/presence/config',
      busyConfig: 'ha/binary_sensor/beacon_ada_x/busy/config',
    });
  });

  it('discovery describes a sensor with its device, availability and attributes', () => {
    const topics = topicsFor({ topicPrefix: 'beacon', discoveryPrefix: 'homeassistant' }, 's');
    const [[sensorTopic, sensor] = ['', ''], [busyTopic, busy] = ['', '']] = discoveryMessages(
      topics,
      's',
      'ada@contoso.com',
    );
    expect(sensorTopic).toBe(topics.sensorConfig);
    expect(busyTopic).toBe(topics.busyConfig);
    const config = JSON.parse(sensor) as Record<string, unknown>;
    expect(config).toMatchObject({
      unique_id: 'beacon_s_presence',
      state_topic: topics.presence,
      json_attributes_topic: topics.presence,
      availability_topic: topics.status,
      device: { identifiers: ['beacon_s'], name: 'Beacon (ada@contoso.com)' },
    });
    expect(config.options).toContain('in-a-meeting');
    expect(JSON.parse(busy)).toMatchObject({ device_class: 'occupancy', payload_on: 'ON' });
  });

  it('the presence message says busy for the red states only', () => {
    const values = {
      availability: 'in-a-meeting' as const,
      activity: 'In a meeting until 15:00',
      until: '2026-12-03T15:00:00.000Z',
      oof: false,
      colour: '#c4314b',
      note: '',
    };
    expect(JSON.parse(presencePayload(values, '2026-12-03T14:00:00.000Z'))).toEqual({
      ...values,
      busy: true,
      updatedAt: '2026-12-03T14:00:00.000Z',
    });
    expect(
      JSON.parse(presencePayload({ ...values, availability: 'away' }, 'x')) as { busy: boolean },
    ).toMatchObject({ busy: false });
  });
});

describe('MQTT broker URL', () => {
  it.each([
    ['mqtts://broker.example:8883', true],
    ['mqtt://127.0.0.1:1883', true],
    ['mqtt://localhost', true],
    ['mqtt://broker.lan:1883', 'insecure-url'],
    ['mqtts://user:pw@broker.example', 'invalid-url'],
    ['ws://broker.example', 'invalid-url'],
    ['', 'invalid-url'],
    [undefined, 'invalid-url'],
  ])('%s', (url, expected) => {
    const checked = checkBrokerUrl(url);
    expect(checked.ok ? true : checked.problem).toBe(expected);
  });

  it('keeps the password under mqtt:<url>', () => {
    expect(mqttSecretName(' mqtts://b:8883 ')).toBe('mqtt:mqtts://b:8883');
  });
});

describe('MQTT problems', () => {
  it('a refused CONNACK is auth-refused and waits for the user; a lost network is retried', () => {
    for (const code of [4, 5, 134, 135])
      expect(mqttProblemOf(Object.assign(new Error('refused'), { code }))).toBe('auth-refused');
    expect(mqttProblemOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(
      'connection-refused',
    );
    expect(isRetryable('auth-refused')).toBe(false);
    expect(isRetryable('certificate')).toBe(false);
    expect(isRetryable('connection-refused')).toBe(true);
    expect(isRetryable('network')).toBe(true);
  });
});
