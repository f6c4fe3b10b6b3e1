/** The chat sign-in and e-mail-alert forms: what they send, and what they refuse before sending. */
import { describe, expect, it } from 'vitest';
import { ImSettingsSchema, SmtpSettingsSchema } from '../../../src-main/core/contract.js';
import {
  alertsFormFrom,
  alertsPatchFrom,
  imSignInCommand,
  isChatAddress,
  parsePort,
} from '../../../src-renderer/features/settings/im-forms.js';

const im = ImSettingsSchema.parse({});
const smtp = SmtpSettingsSchema.parse({ host: 'relay.contoso.example', user: 'beacon' });

describe('imSignInCommand', () => {
  const form = {
    address: ' alex@chat.example ',
    password: ' pw ',
    server: '',
    port: '',
    remember: true,
  };

  it('sends the trimmed address and the password as typed, without empty server details', () => {
    expect(imSignInCommand(form, true)).toEqual({
      ok: true,
      command: {
        type: 'im-sign-in',
        address: 'alex@chat.example',
        password: ' pw ',
        remember: true,
      },
    });
  });

  it('sends a server and port when given, and never remembers without a keychain', () => {
    const result = imSignInCommand({ ...form, server: 'xmpp.example', port: '5222' }, false);
    expect(result).toEqual({
      ok: true,
      command: {
        type: 'im-sign-in',
        address: 'alex@chat.example',
        password: ' pw ',
        remember: false,
        server: 'xmpp.example',
        port: 5222,
      },
    });
  });

  it('refuses an address that is not name@domain, and a port out of range', () => {
    expect(imSignInCommand({ ...form, address: 'alex' }, true)).toEqual({
      ok: false,
      field: 'address',
    });
    expect(imSignInCommand({ ...form, port: '70000' }, true)).toEqual({ ok: false, field: 'port' });
    expect(isChatAddress('alex@chat.example/phone')).toBe(false);
    expect(parsePort('0')).toBeNull();
    expect(parsePort('')).toBeUndefined();
  });
});

describe('alertsPatchFrom', () => {
  it('sends nothing when nothing changed', () => {
    expect(alertsPatchFrom(alertsFormFrom(im, smtp), im, smtp)).toEqual({
      ok: true,
      patch: undefined,
    });
  });

  it('sends only what changed, clearing emptied fields with null', () => {
    const form = { ...alertsFormFrom(im, smtp), missedMessageEmail: true, user: '', port: '465' };
    expect(alertsPatchFrom(form, im, smtp)).toEqual({
      ok: true,
      patch: { im: { missedMessageEmail: true }, smtp: { port: 465, user: null } },
    });
  });

  it('refuses minutes out of range, a bad port and a bad sender', () => {
    const base = alertsFormFrom(im, smtp);
    expect(alertsPatchFrom({ ...base, missedMessageMinutes: '0' }, im, smtp)).toEqual({
      ok: false,
      field: 'missedMessageMinutes',
    });
    expect(alertsPatchFrom({ ...base, port: 'x' }, im, smtp)).toEqual({ ok: false, field: 'port' });
    expect(alertsPatchFrom({ ...base, from: 'not an address' }, im, smtp)).toEqual({
      ok: false,
      field: 'from',
    });
  });
});
