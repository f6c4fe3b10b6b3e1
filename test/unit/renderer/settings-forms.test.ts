/** The Settings panel's forms, and the commands they become. */
import { describe, expect, it } from 'vitest';
import type { PresenceThresholds } from '../../../src-main/core/contract.js';
import {
  EMPTY_SIGN_IN,
  parseMinutes,
  presenceFormFrom,
  presencePatchFrom,
  signInCommand,
  thresholdFieldOf,
} from '../../../src-renderer/features/settings/settings-forms.js';

const CURRENT: PresenceThresholds = {
  awayAfterMinutes: 15,
  inactiveAfterMinutes: 5,
  showOffWork: true,
};

describe('presence settings form', () => {
  it('starts from the settings in the Snapshot', () => {
    expect(presenceFormFrom(CURRENT)).toEqual({
      showOffWork: true,
      inactiveAfterMinutes: '5',
      awayAfterMinutes: '15',
    });
  });

  it('sends nothing when nothing changed', () => {
    expect(presencePatchFrom(presenceFormFrom(CURRENT), CURRENT)).toEqual({
      ok: true,
      patch: undefined,
    });
  });

  it('sends only the fields the user changed', () => {
    const form = { ...presenceFormFrom(CURRENT), awayAfterMinutes: '20' };
    expect(presencePatchFrom(form, CURRENT)).toEqual({
      ok: true,
      patch: { awayAfterMinutes: 20 },
    });
    const both = { showOffWork: false, inactiveAfterMinutes: '10', awayAfterMinutes: ' 20 ' };
    expect(presencePatchFrom(both, CURRENT)).toEqual({
      ok: true,
      patch: { inactiveAfterMinutes: 10, awayAfterMinutes: 20, showOffWork: false },
    });
  });

  it('leaves the rule "inactive must not exceed away" to the core', () => {
    const form = { ...presenceFormFrom(CURRENT), inactiveAfterMinutes: '30' };
    expect(presencePatchFrom(form, CURRENT)).toEqual({
      ok: true,
      patch: { inactiveAfterMinutes: 30 },
    });
  });

  it('refuses a threshold that is not a whole number of minutes from 1 to 480', () => {
    for (const bad of ['', 'ten', '2.5', '-3', '0', '481', '1e2']) {
      const form = { ...presenceFormFrom(CURRENT), awayAfterMinutes: bad };
      expect(presencePatchFrom(form, CURRENT)).toEqual({ ok: false, field: 'awayAfterMinutes' });
    }
    const form = { ...presenceFormFrom(CURRENT), inactiveAfterMinutes: '0' };
    expect(presencePatchFrom(form, CURRENT)).toEqual({ ok: false, field: 'inactiveAfterMinutes' });
  });

  it('reads minutes at the edges of the range', () => {
    expect(parseMinutes('1')).toBe(1);
    expect(parseMinutes('480')).toBe(480);
    expect(parseMinutes('007')).toBe(7);
    expect(parseMinutes('481')).toBeUndefined();
  });

  it('knows which threshold a core validation issue is about', () => {
    expect(thresholdFieldOf('presence.inactiveAfterMinutes')).toBe('inactiveAfterMinutes');
    expect(thresholdFieldOf('presence.awayAfterMinutes')).toBe('awayAfterMinutes');
    expect(thresholdFieldOf('account.ewsUrl')).toBeUndefined();
  });
});

describe('sign-in form', () => {
  it('starts empty', () => {
    expect(EMPTY_SIGN_IN).toEqual({ mailbox: '', password: '', ewsUrl: '' });
  });

  it('leaves the EWS URL out when it is empty, so the core uses Autodiscover', () => {
    expect(
      signInCommand({ mailbox: ' alex@contoso.com ', password: 's3cret', ewsUrl: '  ' }),
    ).toEqual({
      type: 'sign-in',
      mailbox: 'alex@contoso.com',
      password: 's3cret',
    });
  });

  it('sends the EWS URL when given', () => {
    expect(
      signInCommand({
        mailbox: 'alex@contoso.com',
        password: 's3cret',
        ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx ',
      }),
    ).toEqual({
      type: 'sign-in',
      mailbox: 'alex@contoso.com',
      password: 's3cret',
      ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx',
    });
  });

  it('sends the password exactly as typed, spaces included', () => {
    const command = signInCommand({ mailbox: 'a@b.test', password: ' pass word ', ewsUrl: '' });
    expect(command).toMatchObject({ password: ' pass word ' });
  });
});
