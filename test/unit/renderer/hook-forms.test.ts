import { describe, expect, it } from 'vitest';
import {
  isBrokerUrl,
  isHookUrl,
  mqttPatchFrom,
  newHookId,
  webhooksPatchFrom,
  type MqttForm,
} from '../../../src-renderer/features/settings/hook-forms.js';

describe('webhook form', () => {
  it('turns header lines into headers and leaves the body out of a GET', () => {
    const result = webhooksPatchFrom({
      enabled: true,
      hooks: [
        {
          id: 'light-1',
          on: 'busy',
          url: ' https://light.example/on ',
          method: 'GET',
          headers: 'Authorization: Bearer {{secret}}\n\nX-Colour:  {{colour}} ',
          body: 'ignored',
        },
      ],
    });
    expect(result).toEqual({
      ok: true,
      patch: {
        enabled: true,
        hooks: [
          {
            id: 'light-1',
            on: 'busy',
            url: 'https://light.example/on',
            method: 'GET',
            headers: { Authorization: 'Bearer {{secret}}', 'X-Colour': '{{colour}}' },
          },
        ],
      },
    });
  });

  it('says which hook and which line is wrong', () => {
    const hook = { id: 'a', on: 'any' as const, method: 'POST' as const, body: '' };
    expect(
      webhooksPatchFrom({
        enabled: true,
        hooks: [
          { ...hook, url: 'https://ok.example', headers: '' },
          { ...hook, id: 'b', url: 'https://ok.example', headers: 'No colon here' },
        ],
      }),
    ).toEqual({ ok: false, problem: { index: 1, field: 'headers', line: 'No colon here' } });
    expect(
      webhooksPatchFrom({
        enabled: true,
        hooks: [{ ...hook, url: 'http://lan.example/', headers: '' }],
      }),
    ).toEqual({ ok: false, problem: { index: 0, field: 'url' } });
  });

  it('accepts https, and http on this computer only', () => {
    expect(isHookUrl('https://x.example/{{availability}}')).toBe(true);
    expect(isHookUrl('http://127.0.0.1:9123/light')).toBe(true);
    expect(isHookUrl('http://localhost/light')).toBe(true);
    expect(isHookUrl('http://localhost.evil.example/')).toBe(false);
    expect(isHookUrl('http://192.168.0.2/')).toBe(false);
  });

  it('names a new hook with an unused id', () => {
    expect(newHookId([{ id: 'light-2' }])).toBe('light-3');
    expect(newHookId([{ id: 'light-1' }, { id: 'light-3' }])).toBe('light-4');
  });
});

describe('MQTT form', () => {
  const form: MqttForm = {
    enabled: true,
    url: ' mqtts://broker.example:8883 ',
    username: ' ada ',
    topicPrefix: 'office/beacon',
    homeAssistant: true,
    discoveryPrefix: 'homeassistant',
  };

  it('makes a patch with empty fields cleared', () => {
    expect(mqttPatchFrom({ ...form, username: '' })).toEqual({
      ok: true,
      patch: {
        enabled: true,
        url: 'mqtts://broker.example:8883',
        username: null,
        topicPrefix: 'office/beacon',
        homeAssistant: true,
        discoveryPrefix: 'homeassistant',
      },
    });
  });

  it('refuses plain MQTT to another computer, an empty broker when on, and odd prefixes', () => {
    expect(mqttPatchFrom({ ...form, url: 'mqtt://broker.lan:1883' })).toEqual({
      ok: false,
      problem: 'url',
    });
    expect(mqttPatchFrom({ ...form, url: '' })).toEqual({ ok: false, problem: 'url' });
    expect(mqttPatchFrom({ ...form, topicPrefix: 'a b' })).toEqual({
      ok: false,
      problem: 'topicPrefix',
    });
    expect(isBrokerUrl('mqtt://127.0.0.1:1883')).toBe(true);
    expect(isBrokerUrl('mqtts://u:p@broker.example')).toBe(false);
  });
});
