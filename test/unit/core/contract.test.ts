import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  COMMAND_TYPES,
  CommandResultSchema,
  SnapshotSchema,
  dispatchCommand,
  isAcceptableEwsUrl,
  parseCommand,
  type Command,
  type CommandHandlers,
  type CommandInput,
  type CommandResult,
  type ParseCommandResult,
} from '../../../src-main/core/contract.js';
import { sampleSnapshot } from './sample-snapshot.js';

/** One valid example of every command, as a shell would send it (defaults left out). */
const validCommands: Record<Command['type'], CommandInput> = {
  'set-manual-status': { type: 'set-manual-status', availability: 'do-not-disturb', expiry: '1h' },
  'reset-status': { type: 'reset-status' },
  'use-demo': { type: 'use-demo' },
  'set-oof': {
    type: 'set-oof',
    state: 'scheduled',
    start: '2026-12-01T08:00:00.000Z',
    end: '2026-12-05T17:00:00Z',
    internalReply: '<p>Away until Friday</p>',
    externalReply: '',
    externalAudience: 'known',
  },
  'turn-oof-off': { type: 'turn-oof-off' },
  'refresh-now': { type: 'refresh-now' },
  'open-join-link': { type: 'open-join-link', itemId: 'AAMkAD-1' },
  'update-settings': {
    type: 'update-settings',
    settings: { presence: { awayAfterMinutes: 10 }, account: { ewsUrl: null }, locale: 'ko-KR' },
  },
  'sign-in': {
    type: 'sign-in',
    mailbox: 'alex@contoso.com',
    password: 'correct horse',
    ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx',
  },
  'sign-out': { type: 'sign-out' },
  'prepare-voicemail-audio': { type: 'prepare-voicemail-audio', id: 'AAMkVM-1' },
  'set-voicemail-read': { type: 'set-voicemail-read', id: 'AAMkVM-1', read: true },
  'delete-voicemail': { type: 'delete-voicemail', id: 'AAMkVM-1' },
  'undo-delete-voicemail': { type: 'undo-delete-voicemail', id: 'AAMkVM-1' },
  'call-back': { type: 'call-back', id: 'AAMkVM-1' },
  'open-voicemail-audio': { type: 'open-voicemail-audio', id: 'AAMkVM-1' },
  'im-sign-in': { type: 'im-sign-in', address: 'alex@contoso.example', password: 'pw' },
  'im-sign-out': { type: 'im-sign-out' },
  'add-contact': { type: 'add-contact', address: 'minji@contoso.example', group: 'Team' },
  'remove-contact': { type: 'remove-contact', address: 'minji@contoso.example' },
  'answer-subscription': {
    type: 'answer-subscription',
    address: 'minji@contoso.example',
    approve: true,
  },
  'set-contact-alert': { type: 'set-contact-alert', address: 'minji@contoso.example', on: true },
  'send-message': { type: 'send-message', to: 'minji@contoso.example', body: 'Lunch?' },
  'set-chat-state': { type: 'set-chat-state', to: 'minji@contoso.example', state: 'composing' },
  'mark-conversation-read': { type: 'mark-conversation-read', with: 'minji@contoso.example' },
  'close-conversation': { type: 'close-conversation', with: 'minji@contoso.example' },
  'load-earlier-messages': { type: 'load-earlier-messages', with: 'minji@contoso.example' },
  'open-message-link': {
    type: 'open-message-link',
    with: 'minji@contoso.example',
    messageId: 'm-1',
    url: 'https://contoso.example/doc',
  },
  'set-smtp-password': { type: 'set-smtp-password', password: 'relay secret' },
  'discover-account': { type: 'discover-account', mailbox: 'alex@contoso.com' },
  'sign-in-oauth': { type: 'sign-in-oauth', mailbox: 'alex@contoso.com' },
  'cancel-sign-in': { type: 'cancel-sign-in' },
  'trust-ca': { type: 'trust-ca', pem: null },
  'regenerate-presence-api-token': { type: 'regenerate-presence-api-token' },
  'reveal-presence-api-token': { type: 'reveal-presence-api-token' },
  'set-webhook-secret': { type: 'set-webhook-secret', id: 'busy-light', secret: 'k3y' },
  'test-webhook': { type: 'test-webhook', id: 'busy-light' },
  'set-mqtt-password': { type: 'set-mqtt-password', password: null },
};

function rejected(result: ParseCommandResult) {
  if (result.ok) throw new Error('expected the command to be rejected');
  return result.error;
}

describe('commands', () => {
  it('has one example per command type, and the type list is complete', () => {
    expect([...COMMAND_TYPES].sort()).toEqual(Object.keys(validCommands).sort());
    expect(COMMAND_TYPES).toHaveLength(38);
  });

  it.each(Object.values(validCommands))('accepts $type and survives a JSON round trip', (input) => {
    const result = parseCommand(JSON.parse(JSON.stringify(input)));
    expect(result).toEqual({ ok: true, command: { ...input, ...defaultsFor(input) } });
  });

  function defaultsFor(input: CommandInput): object {
    if (input.type === 'set-manual-status' && input.note === undefined) return { note: '' };
    if (input.type === 'sign-in' && input.remember === undefined) return { remember: true };
    if (input.type === 'im-sign-in' && input.remember === undefined) return { remember: true };
    if (input.type === 'sign-in-oauth')
      return { flow: input.flow ?? 'browser', remember: input.remember ?? true };
    return {};
  }

  it('keeps a note of exactly 200 characters and refuses 201', () => {
    const note = 'n'.repeat(200);
    const base = { type: 'set-manual-status', availability: 'busy', expiry: 'never' };
    expect(parseCommand({ ...base, note })).toMatchObject({ ok: true, command: { note } });
    const error = rejected(parseCommand({ ...base, note: `${note}x` }));
    expect(error.code).toBe('invalid-command');
    expect(error.issues?.map((i) => i.path)).toEqual(['note']);
  });

  it.each([
    ['null', null, /object with a string "type"/, undefined],
    ['a string', 'refresh-now', /object with a string "type"/, undefined],
    ['no type', {}, /object with a string "type"/, 'type'],
    [
      'an unknown type',
      { type: 'launch-missiles' },
      /Unknown command type "launch-missiles"/,
      'type',
    ],
    [
      'a non-manual availability',
      { type: 'set-manual-status', availability: 'in-a-meeting', expiry: '1h' },
      /Invalid "set-manual-status"/,
      'availability',
    ],
    [
      'an unknown expiry',
      { type: 'set-manual-status', availability: 'away', expiry: '3h' },
      /Invalid "set-manual-status"/,
      'expiry',
    ],
    ['an extra key', { type: 'reset-status', availability: 'away' }, /Invalid "reset-status"/, ''],
    [
      'a scheduled reply without an end',
      { ...validCommands['set-oof'], end: undefined },
      /Invalid "set-oof"/,
      'end',
    ],
    [
      'a scheduled reply that ends before it starts',
      { ...validCommands['set-oof'], end: '2026-11-30T08:00:00.000Z' },
      /Invalid "set-oof"/,
      'end',
    ],
    [
      'a start with an offset instead of UTC',
      { ...validCommands['set-oof'], start: '2026-12-01T09:00:00+01:00' },
      /Invalid "set-oof"/,
      'start',
    ],
    [
      'an unknown audience',
      { ...validCommands['set-oof'], externalAudience: 'everyone' },
      /Invalid "set-oof"/,
      'externalAudience',
    ],
    [
      'a raw URL instead of an item id',
      { type: 'open-join-link', itemId: 'x', url: 'https://evil.example/' },
      /Invalid "open-join-link"/,
      '',
    ],
    [
      'an empty item id',
      { type: 'open-join-link', itemId: '' },
      /Invalid "open-join-link"/,
      'itemId',
    ],
    [
      'a password in a settings update',
      { type: 'update-settings', settings: { account: { password: 'hunter2' } } },
      /Invalid "update-settings"/,
      'settings.account',
    ],
    [
      'a zero away threshold',
      { type: 'update-settings', settings: { presence: { awayAfterMinutes: 0 } } },
      /Invalid "update-settings"/,
      'settings.presence.awayAfterMinutes',
    ],
    [
      'a plain-http EWS URL to a remote host',
      { type: 'update-settings', settings: { account: { ewsUrl: 'http://mail.example/EWS' } } },
      /Invalid "update-settings"/,
      'settings.account.ewsUrl',
    ],
    [
      'a sign-in without a password',
      { type: 'sign-in', mailbox: 'alex@contoso.com', password: '' },
      /Invalid "sign-in"/,
      'password',
    ],
    [
      'a sign-in to a plain-http remote server',
      {
        type: 'sign-in',
        mailbox: 'alex@contoso.com',
        password: 'pw',
        ewsUrl: 'http://mail.example/EWS',
      },
      /Invalid "sign-in"/,
      'ewsUrl',
    ],
    [
      'a locale that is not a language tag',
      { type: 'update-settings', settings: { locale: 'not a locale!' } },
      /Invalid "update-settings"/,
      'settings.locale',
    ],
  ])('rejects %s with a typed error', (_what, input, message, path) => {
    const error = rejected(parseCommand(input));
    expect(error.code).toBe('invalid-command');
    expect(error.message).toMatch(message);
    if (path !== undefined) expect(error.issues?.map((i) => i.path)).toContain(path);
    // The error value itself crosses the boundary: it must be valid JSON of the contract.
    expect(CommandResultSchema.parse(JSON.parse(JSON.stringify({ ok: false, error })))).toEqual({
      ok: false,
      error,
    });
  });

  it('never throws, whatever arrives', () => {
    const weird: unknown[] = [undefined, 42, [], { type: 7 }, Object.create(null), new Date(0)];
    for (const input of weird) expect(parseCommand(input).ok).toBe(false);
  });

  it('accepts a loopback http EWS URL and refuses credentials in URLs', () => {
    expect(isAcceptableEwsUrl('http://127.0.0.1:8443/EWS/Exchange.asmx')).toBe(true);
    expect(isAcceptableEwsUrl('https://mail.example/EWS/Exchange.asmx')).toBe(true);
    expect(isAcceptableEwsUrl('https://alex:pw@mail.example/EWS/Exchange.asmx')).toBe(false);
    expect(isAcceptableEwsUrl('ftp://mail.example/')).toBe(false);
    expect(isAcceptableEwsUrl('not a url')).toBe(false);
  });
});

describe('command dispatch', () => {
  it('calls the handler of the command type with its payload', async () => {
    const seen: string[] = [];
    const ok = (): Promise<CommandResult> => Promise.resolve({ ok: true });
    // Every command answers ok unless the test looks at its payload below.
    const allOk = Object.fromEntries(COMMAND_TYPES.map((type) => [type, ok]));
    const handlers: CommandHandlers = {
      ...(allOk as unknown as CommandHandlers),
      'set-manual-status': (c) => {
        seen.push(`${c.availability}/${c.expiry}/${c.note}`);
        return ok();
      },
      'reset-status': ok,
      'set-oof': (c) => {
        seen.push(`${c.state}:${c.externalAudience}`);
        return ok();
      },
      'turn-oof-off': ok,
      'use-demo': ok,
      'refresh-now': ok,
      'open-join-link': (c) => {
        seen.push(c.itemId);
        return Promise.resolve({ ok: false, error: { code: 'not-found', message: 'no item' } });
      },
      'update-settings': ok,
      'sign-in': ok,
      'sign-out': ok,
    };
    for (const input of Object.values(validCommands)) {
      const parsed = parseCommand(input);
      if (!parsed.ok) throw new Error(parsed.error.message);
      const result = await dispatchCommand(handlers, parsed.command);
      expect(result.ok).toBe(input.type !== 'open-join-link');
    }
    expect(seen).toEqual(['do-not-disturb/1h/', 'scheduled:known', 'AAMkAD-1']);
  });

  it('does not compile when a command has no handler', () => {
    const ok = (): Promise<CommandResult> => Promise.resolve({ ok: true });
    // @ts-expect-error 'update-settings' is missing: every command type needs a handler.
    const incomplete: CommandHandlers = {
      'set-manual-status': ok,
      'reset-status': ok,
      'set-oof': ok,
      'turn-oof-off': ok,
      'refresh-now': ok,
      'open-join-link': ok,
    };
    expect(Object.keys(incomplete)).toHaveLength(6);
    expectTypeOf<Parameters<CommandHandlers['open-join-link']>[0]>().toEqualTypeOf<{
      type: 'open-join-link';
      itemId: string;
    }>();
  });
});

describe('Snapshot', () => {
  it('survives a JSON round trip unchanged', () => {
    const snapshot = sampleSnapshot();
    const wire = JSON.parse(JSON.stringify(snapshot)) as unknown;
    expect(SnapshotSchema.parse(wire)).toEqual(snapshot);
  });

  it.each([
    [
      'a Date instead of an ISO string',
      { connection: { state: 'online', lastSuccessAt: new Date() } },
    ],
    [
      'a local time without Z',
      { timeline: { start: '2026-11-27T00:00:00', intervalMinutes: 30, slots: '' } },
    ],
    [
      'a free/busy digit out of range',
      { timeline: { start: '2026-11-27T00:00:00Z', intervalMinutes: 30, slots: '0126' } },
    ],
    [
      'a timed activity without its instant',
      { presence: { ...sampleSnapshot().presence, activity: { kind: 'free-until' } } },
    ],
    [
      'an unknown availability',
      { presence: { ...sampleSnapshot().presence, availability: 'lunch' } },
    ],
    ['an unknown connection state', { connection: { state: 'sleepy' } }],
    ['a manual in-a-meeting', { manual: { availability: 'in-a-meeting', note: '' } }],
    ['a warning as an English sentence', { warnings: ['Settings file was damaged'] }],
    ['a warning of an unknown kind', { warnings: [{ kind: 'disk-full' }] }],
    [
      'a damaged-settings warning without the kept name',
      { warnings: [{ kind: 'settings-damaged' }] },
    ],
    [
      'an unreadable-settings code that is not an errno code',
      { warnings: [{ kind: 'settings-unreadable', code: 'EACCES: /home/alex/.config' }] },
    ],
  ])('refuses %s', (_what, patch) => {
    expect(SnapshotSchema.safeParse({ ...sampleSnapshot(), ...patch }).success).toBe(false);
  });

  it('carries each kind of warning with the values its sentence needs', () => {
    const warnings = [
      { kind: 'settings-unreadable', code: 'EACCES' },
      { kind: 'settings-damaged', keptAs: 'settings.json.corrupt-2026-11-27T09-00-00-000Z' },
      { kind: 'secrets-removed' },
    ];
    expect(SnapshotSchema.parse({ ...sampleSnapshot(), warnings }).warnings).toEqual(warnings);
  });

  it('accepts the untimed activities without an instant', () => {
    for (const kind of ['free-rest-of-day', 'oof', 'none'] as const) {
      const presence = { ...sampleSnapshot().presence, activity: { kind } };
      expect(SnapshotSchema.parse({ ...sampleSnapshot(), presence }).presence.activity).toEqual({
        kind,
      });
    }
  });
});
