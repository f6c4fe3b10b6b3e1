import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src-main/cli/output.js';
import {
  parseProtocol,
  planProtocol,
  type ProtocolInputs,
} from '../../../src-main/cli/protocol.js';
import type { AccountSettings } from '../../../src-main/core/contract.js';

const account = (extra: Partial<AccountSettings>): AccountSettings => ({
  mailbox: 'alex@contoso.com',
  useAutodiscover: true,
  demo: false,
  ...extra,
});
const inputs = (extra: Partial<ProtocolInputs>): ProtocolInputs => ({
  asked: undefined,
  secret: 'none',
  own: undefined,
  entraAuthority: false,
  ewsUrl: undefined,
  ...extra,
});

describe('planProtocol', () => {
  it('no account and a token: EWS on-premises, Graph for an Exchange Online URL', () => {
    expect(
      planProtocol(
        inputs({ secret: 'token', ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx' }),
      ),
    ).toEqual({
      via: 'secret',
      protocol: 'ews',
      auth: 'token',
    });
    expect(
      planProtocol(
        inputs({ secret: 'token', ewsUrl: 'https://outlook.office365.com/EWS/Exchange.asmx' }),
      ),
    ).toEqual({ via: 'secret', protocol: 'graph', auth: 'token' });
  });

  it('a password is always EWS unless Graph is asked, which it cannot reach', () => {
    expect(
      planProtocol(
        inputs({ secret: 'password', ewsUrl: 'https://outlook.office365.com/EWS/Exchange.asmx' }),
      ),
    ).toEqual({ via: 'secret', protocol: 'ews', auth: 'password' });
    expect(planProtocol(inputs({ secret: 'password', asked: 'graph' }))).toEqual({
      via: 'error',
      reason: 'graph-needs-oauth',
    });
    // No secret and no saved OAuth sign-in: a keychain password or a prompt would follow.
    expect(planProtocol(inputs({ asked: 'GRAPH' }))).toEqual({
      via: 'error',
      reason: 'graph-needs-oauth',
    });
  });

  it("the saved account's facts decide as in the window: choice, Entra ID, remembered", () => {
    expect(
      planProtocol(inputs({ secret: 'token', own: account({ auth: 'oauth', backend: 'graph' }) })),
    ).toMatchObject({ protocol: 'graph' });
    expect(
      planProtocol(
        inputs({ secret: 'token', own: account({ auth: 'oauth' }), entraAuthority: true }),
      ),
    ).toMatchObject({ protocol: 'graph' });
    expect(
      planProtocol(inputs({ secret: 'token', own: account({ auth: 'oauth', protocol: 'graph' }) })),
    ).toMatchObject({ protocol: 'graph' });
    expect(
      planProtocol(
        inputs({
          secret: 'token',
          own: account({ auth: 'oauth', backend: 'ews' }),
          entraAuthority: true,
        }),
      ),
    ).toMatchObject({ protocol: 'ews' });
    expect(
      planProtocol(
        inputs({ secret: 'password', own: account({ auth: 'basic', backend: 'graph' }) }),
      ),
    ).toEqual({ via: 'error', reason: 'graph-needs-oauth' });
  });

  it('--protocol wins over the saved choice', () => {
    expect(
      planProtocol(
        inputs({
          secret: 'token',
          asked: 'ews',
          own: account({ auth: 'oauth', backend: 'graph' }),
        }),
      ),
    ).toMatchObject({ protocol: 'ews' });
  });

  it("no secret in the environment and a saved OAuth account: the window's sign-in", () => {
    expect(planProtocol(inputs({ own: account({ auth: 'oauth' }) }))).toEqual({
      via: 'saved-oauth',
      protocol: 'window',
    });
    expect(planProtocol(inputs({ own: account({ auth: 'oauth' }), asked: 'ews' }))).toEqual({
      via: 'saved-oauth',
      protocol: 'ews',
    });
    // A token in the environment wins over the saved sign-in.
    expect(planProtocol(inputs({ own: account({ auth: 'oauth' }), secret: 'token' })).via).toBe(
      'secret',
    );
  });
});

describe('parseProtocol', () => {
  it('takes ews and graph in any case, nothing else', () => {
    expect(parseProtocol('Graph')).toBe('graph');
    expect(parseProtocol('EWS')).toBe('ews');
    expect(parseProtocol(undefined)).toBeUndefined();
    expect(parseProtocol('')).toBeUndefined();
    expect(() => parseProtocol('imap')).toThrow(UsageError);
  });
});
