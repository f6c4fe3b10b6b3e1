import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS,
  appDataDir,
  applySettingsUpdate,
  corruptFileName,
  findSecretKeys,
  mergeUnknownKeys,
  parseSettingsText,
  serializeSettings,
  unknownKeys,
  settingsWarnings,
} from '../../../src-main/core/settings.js';

describe('appDataDir', () => {
  it.each([
    ['linux', { XDG_CONFIG_HOME: '/home/alex/.cfg' }, '/home/alex', '/home/alex/.cfg/beacon'],
    ['linux', {}, '/home/alex', '/home/alex/.config/beacon'],
    ['linux', { XDG_CONFIG_HOME: '' }, '/home/alex', '/home/alex/.config/beacon'],
    // XDG says a relative path is invalid and must be ignored.
    ['linux', { XDG_CONFIG_HOME: 'relative/cfg' }, '/home/alex', '/home/alex/.config/beacon'],
    ['freebsd', {}, '/usr/home/alex', '/usr/home/alex/.config/beacon'],
    [
      'darwin',
      { XDG_CONFIG_HOME: '/x' },
      '/Users/alex',
      '/Users/alex/Library/Application Support/Beacon',
    ],
    [
      'win32',
      { APPDATA: 'C:\\Users\\alex\\AppData\\Roaming' },
      'C:\\Users\\alex',
      'C:\\Users\\alex\\AppData\\Roaming\\Beacon',
    ],
    ['win32', {}, 'C:\\Users\\alex', 'C:\\Users\\alex\\AppData\\Roaming\\Beacon'],
  ] as const)('%s %j in %s → %s', (platform, env, home, expected) => {
    expect(appDataDir(platform, env, home)).toBe(expected);
  });
});

describe('settings text', () => {
  it('fills defaults for what the file leaves out', () => {
    expect(parseSettingsText('{}')).toEqual({
      kind: 'ok',
      settings: DEFAULT_SETTINGS,
      extras: undefined,
      removedSecrets: [],
    });
    expect(DEFAULT_SETTINGS).toEqual({
      account: { useAutodiscover: true, demo: true },
      presence: { awayAfterMinutes: 15, inactiveAfterMinutes: 5, showOffWork: true },
      voicemail: { maxItems: 200, markReadOnPlay: true, cacheMegabytes: 200 },
      im: {
        enabled: false,
        directTls: false,
        saveHistory: true,
        missedMessageEmail: false,
        missedMessageMinutes: 10,
      },
      smtp: { port: 587 },
      sharing: DEFAULT_SETTINGS.sharing,
    });
  });

  it.each([
    ['not JSON', '{"account": ', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['a wrong type', '{"presence": {"awayAfterMinutes": "soon"}}', /presence\.awayAfterMinutes/],
    [
      'inactive after away',
      '{"presence": {"awayAfterMinutes": 5, "inactiveAfterMinutes": 10}}',
      /inactiveAfterMinutes/,
    ],
    ['a bad mailbox', '{"account": {"mailbox": "not-an-address"}}', /account\.mailbox/],
  ])('calls %s invalid and says where', (_what, text, reason) => {
    const parsed = parseSettingsText(text);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind === 'invalid') expect(parsed.reason).toMatch(reason);
  });

  it('separates keys from a newer version, at every level', () => {
    const text = JSON.stringify({
      account: { mailbox: 'alex@contoso.example', useAutodiscover: true, tenant: 'contoso' },
      presence: { showOffWork: false },
      theme: { accent: 'teal' },
    }).replace(/}$/, ',"__proto__":{"polluted":true}}');
    const parsed = parseSettingsText(text);
    if (parsed.kind !== 'ok') throw new Error(parsed.reason);
    expect(parsed.settings.account).toEqual({
      mailbox: 'alex@contoso.example',
      useAutodiscover: true,
      demo: true,
    });
    expect(parsed.settings.presence.showOffWork).toBe(false);
    expect(parsed.extras).toEqual({ account: { tenant: 'contoso' }, theme: { accent: 'teal' } });
    expect(serializeSettings(parsed.settings, parsed.extras)).toBe(
      `${JSON.stringify(
        {
          account: {
            mailbox: 'alex@contoso.example',
            useAutodiscover: true,
            demo: true,
            tenant: 'contoso',
          },
          presence: { awayAfterMinutes: 15, inactiveAfterMinutes: 5, showOffWork: false },
          voicemail: DEFAULT_SETTINGS.voicemail,
          im: DEFAULT_SETTINGS.im,
          smtp: DEFAULT_SETTINGS.smtp,
          sharing: DEFAULT_SETTINGS.sharing,
          theme: { accent: 'teal' },
        },
        null,
        2,
      )}\n`,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('removes secrets found in the file and reports where they were', () => {
    const parsed = parseSettingsText(
      JSON.stringify({
        account: { mailbox: 'alex@contoso.example', password: 'hunter2' },
        future: { oauth: { refresh_token: 't' }, list: [{ Secret: 's' }] },
      }),
    );
    if (parsed.kind !== 'ok') throw new Error(parsed.reason);
    expect(parsed.removedSecrets).toEqual([
      'account.password',
      'future.oauth.refresh_token',
      'future.list.0.Secret',
    ]);
    expect(parsed.settings.account).toEqual({
      mailbox: 'alex@contoso.example',
      useAutodiscover: true,
      demo: true,
    });
    expect(parsed.extras).toEqual({ future: { oauth: {}, list: [{}] } });
    expect(findSecretKeys(JSON.parse(serializeSettings(parsed.settings, parsed.extras)))).toEqual(
      [],
    );
  });

  it('refuses to write a secret, even one smuggled in as an unknown key', () => {
    expect(() => serializeSettings(DEFAULT_SETTINGS, { account: { password: 'hunter2' } })).toThrow(
      /Refusing to write secrets.*account\.password/,
    );
  });

  it('strips a password put on the settings object itself', () => {
    const tainted = {
      ...DEFAULT_SETTINGS,
      account: { useAutodiscover: true, demo: true, password: 'hunter2' },
    };
    expect(serializeSettings(tainted)).not.toContain('hunter2');
  });

  it('lets known values win over unknown ones when merging', () => {
    expect(mergeUnknownKeys({ a: 1, b: { c: 2 } }, { a: 9, b: { c: 9, d: 4 }, e: 5 })).toEqual({
      a: 1,
      b: { c: 2, d: 4 },
      e: 5,
    });
    expect(unknownKeys({ a: 1, b: { c: 2, d: 3 } }, { a: 1, b: { c: 2 } })).toEqual({
      b: { d: 3 },
    });
    expect(unknownKeys({ a: 1 }, { a: 1 })).toBeUndefined();
  });
});

describe('settings update', () => {
  const current = {
    ...DEFAULT_SETTINGS,
    account: {
      ewsUrl: 'https://mail.example/EWS/Exchange.asmx',
      mailbox: 'a@b.example',
      useAutodiscover: false,
      demo: true,
    },
    locale: 'en-GB',
  };

  it('changes only what the patch names; null clears', () => {
    const result = applySettingsUpdate(current, {
      account: { ewsUrl: null, useAutodiscover: true },
      presence: { awayAfterMinutes: 30 },
      locale: null,
    });
    expect(result).toEqual({
      ok: true,
      settings: {
        account: { mailbox: 'a@b.example', useAutodiscover: true, demo: true },
        presence: { awayAfterMinutes: 30, inactiveAfterMinutes: 5, showOffWork: true },
        voicemail: DEFAULT_SETTINGS.voicemail,
        im: DEFAULT_SETTINGS.im,
        smtp: DEFAULT_SETTINGS.smtp,
        sharing: DEFAULT_SETTINGS.sharing,
      },
    });
  });

  it('null clears the remembered sign-in method and OAuth settings (a sign-in that used none)', () => {
    const signedIn = {
      ...current,
      account: {
        ...current.account,
        auth: 'ntlm' as const,
        oauth: { clientId: 'beacon-test', authority: 'https://login.example/common' },
      },
    };
    const result = applySettingsUpdate(signedIn, { account: { auth: null, oauth: null } });
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.settings.account).toEqual({
      mailbox: 'a@b.example',
      ewsUrl: current.account.ewsUrl,
      useAutodiscover: false,
      demo: true,
    });
  });

  it('changes sharing part by part: one API field, the MQTT URL cleared with null', () => {
    const withMqtt = applySettingsUpdate(current, {
      sharing: { mqtt: { enabled: true, url: 'mqtts://broker.example:8883', username: 'u' } },
    });
    if (!withMqtt.ok) throw new Error('rejected');
    const result = applySettingsUpdate(withMqtt.settings, {
      sharing: { api: { enabled: true, port: 50_000 }, mqtt: { url: null } },
    });
    expect(result.ok && result.settings.sharing).toEqual({
      api: { enabled: true, port: 50_000, openRead: false, corsOrigins: [] },
      webhooks: { enabled: false, hooks: [] },
      mqtt: {
        enabled: true,
        username: 'u',
        topicPrefix: 'beacon',
        homeAssistant: true,
        discoveryPrefix: 'homeassistant',
      },
    });
  });

  it('checks the result whole: inactive may not exceed away', () => {
    expect(applySettingsUpdate(current, { presence: { awayAfterMinutes: 3 } })).toEqual({
      ok: false,
      issues: [
        {
          path: 'presence.inactiveAfterMinutes',
          message: 'inactiveAfterMinutes must not exceed awayAfterMinutes',
        },
      ],
    });
  });

  it('names kept-aside files with a sortable, Windows-legal stamp', () => {
    expect(corruptFileName(new Date(Date.UTC(2026, 10, 27, 9, 5, 7, 42)))).toBe(
      'settings.json.corrupt-2026-11-27T09-05-07-042Z',
    );
  });
});

describe('settingsWarnings', () => {
  it('are data the shells word, with only the values a sentence needs', () => {
    expect(settingsWarnings.damaged('settings.json.corrupt-1')).toEqual({
      kind: 'settings-damaged',
      keptAs: 'settings.json.corrupt-1',
    });
    expect(settingsWarnings.unreadable('EACCES')).toEqual({
      kind: 'settings-unreadable',
      code: 'EACCES',
    });
    expect(settingsWarnings.secretsRemoved()).toEqual({ kind: 'secrets-removed' });
  });

  it('never pass on something unlike an errno code (a path, a message)', () => {
    expect(settingsWarnings.unreadable("EACCES: permission denied, open '/home/alex'")).toEqual({
      kind: 'settings-unreadable',
      code: 'error',
    });
  });
});
