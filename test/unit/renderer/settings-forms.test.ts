/** The Settings panel's forms, and the commands they become. */
import { describe, expect, it } from 'vitest';
import type { PresenceThresholds } from '../../../src-main/core/contract.js';
import {
  emptySignIn,
  parseMinutes,
  presenceFormFrom,
  presencePatchFrom,
  signInCommand,
  thresholdFieldOf,
  thresholdIssueText,
} from '../../../src-renderer/features/settings/settings-forms.js';
import { en } from '../../../src-renderer/i18n/en.js';
import { ko } from '../../../src-renderer/i18n/ko.js';

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
  it("starts with the account's address, remembering the password unless there is no keychain", () => {
    expect(emptySignIn('', 'available')).toEqual({
      mailbox: '',
      password: '',
      ewsUrl: '',
      remember: true,
    });
    expect(emptySignIn('alex@contoso.com', 'unknown')).toMatchObject({
      mailbox: 'alex@contoso.com',
      remember: true,
    });
    expect(emptySignIn('', 'unavailable').remember).toBe(false);
    expect(emptySignIn('a@b.test', 'available', 'https://mail.b.test/EWS/Exchange.asmx')).toEqual({
      mailbox: 'a@b.test',
      password: '',
      ewsUrl: 'https://mail.b.test/EWS/Exchange.asmx',
      remember: true,
    });
  });

  it('leaves the EWS URL out when it is empty, so the core uses Autodiscover', () => {
    expect(
      signInCommand(
        { mailbox: ' alex@contoso.com ', password: 's3cret', ewsUrl: '  ', remember: true },
        'available',
      ),
    ).toEqual({
      type: 'sign-in',
      mailbox: 'alex@contoso.com',
      password: 's3cret',
      remember: true,
    });
  });

  it('sends the EWS URL when given', () => {
    expect(
      signInCommand(
        {
          mailbox: 'alex@contoso.com',
          password: 's3cret',
          ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx ',
          remember: false,
        },
        'available',
      ),
    ).toEqual({
      type: 'sign-in',
      mailbox: 'alex@contoso.com',
      password: 's3cret',
      ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx',
      remember: false,
    });
  });

  it('never asks to remember in a keychain that is not there', () => {
    const form = { mailbox: 'a@b.test', password: 'x', ewsUrl: '', remember: true };
    expect(signInCommand(form, 'unavailable')).toMatchObject({ remember: false });
    expect(signInCommand(form, 'unknown')).toMatchObject({ remember: true });
  });

  it('sends the password exactly as typed, spaces included', () => {
    const command = signInCommand(
      { mailbox: 'a@b.test', password: ' pass word ', ewsUrl: '', remember: true },
      'available',
    );
    expect(command).toMatchObject({ password: ' pass word ' });
  });
});

describe('threshold errors in words', () => {
  const labels = {
    inactiveAfterMinutes: 'Appear inactive after (minutes)',
    awayAfterMinutes: 'Appear away after (minutes)',
  };

  it('says the rule between the fields with their labels, not their names', () => {
    const text = thresholdIssueText({ path: 'presence.inactiveAfterMinutes' }, labels, en);
    expect(text).toBe('“Appear inactive after” must not be longer than “Appear away after”.');
    expect(text).not.toMatch(/Minutes|presence\./);
    expect(thresholdIssueText({ path: 'presence.inactiveAfterMinutes' }, labels, ko)).toMatch(
      /비활성/,
    );
  });

  it('names the field and the allowed range for the other threshold', () => {
    expect(thresholdIssueText({ path: 'presence.awayAfterMinutes' }, labels, en)).toBe(
      'Appear away after (minutes): Enter a whole number of minutes from 1 to 480',
    );
  });

  it('leaves issues about other fields to the caller', () => {
    expect(thresholdIssueText({ path: 'account.ewsUrl' }, labels, en)).toBeUndefined();
  });
});
