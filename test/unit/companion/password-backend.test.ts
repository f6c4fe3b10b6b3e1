/**
 * The protocol decision for a password account from its settings: Graph chosen is refused
 * (graph-needs-oauth), anything else is EWS; the demo, the signed-out state and OAuth accounts are
 * left to their own paths.
 */
import { describe, expect, it } from 'vitest';
import { passwordAccountDecision } from '../../../src-main/core/companion/backend-choice.js';
import type { AccountSettings } from '../../../src-main/core/contract.js';

const account = (extra: Partial<AccountSettings> = {}): AccountSettings => ({
  mailbox: 'alex@contoso.com',
  useAutodiscover: true,
  demo: true,
  ...extra,
});

describe('passwordAccountDecision', () => {
  it('refuses Graph for a password account, signed in before (Basic, NTLM) or not yet', () => {
    for (const auth of [undefined, 'basic', 'ntlm'] as const)
      expect(
        passwordAccountDecision(account({ backend: 'graph', ...(auth ? { auth } : {}) })),
      ).toEqual({ protocol: null, reason: 'graph-needs-oauth' });
  });

  it('keeps EWS for automatic and for EWS chosen, even on an Exchange Online URL', () => {
    const online = 'https://outlook.office365.com/EWS/Exchange.asmx';
    expect(passwordAccountDecision(account())).toEqual({ protocol: 'ews', reason: 'password' });
    expect(passwordAccountDecision(account({ backend: 'automatic', ewsUrl: online }))).toEqual({
      protocol: 'ews',
      reason: 'password',
    });
    expect(passwordAccountDecision(account({ backend: 'ews', auth: 'ntlm' }))).toEqual({
      protocol: 'ews',
      reason: 'chosen',
    });
  });

  it('says nothing for the demo, the signed-out state and OAuth accounts', () => {
    expect(passwordAccountDecision({ useAutodiscover: true, demo: true, backend: 'graph' })).toBe(
      undefined,
    );
    expect(passwordAccountDecision({ useAutodiscover: true, demo: false, backend: 'graph' })).toBe(
      undefined,
    );
    expect(passwordAccountDecision(account({ auth: 'oauth', backend: 'graph' }))).toBe(undefined);
  });
});
