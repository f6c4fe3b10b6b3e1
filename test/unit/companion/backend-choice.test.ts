/**
 * The protocol decision, over every combination of its facts (3 choices × 2 sign-ins × 2
 * authorities × 4 URLs × 2 block answers × 3 remembered = 288 cases), each checked against the
 * documented rule; and the Exchange Online URL test on hosts that are and are not Microsoft's.
 */
import { describe, expect, it } from 'vitest';
import {
  chooseBackend,
  isExchangeOnlineEwsUrl,
  type BackendFacts,
} from '../../../src-main/core/companion/backend-choice.js';
import { SettingsSchema } from '../../../src-main/core/contract.js';

const CHOICES = [undefined, 'automatic', 'ews', 'graph'] as const;
const SIGN_INS = ['oauth', 'password'] as const;
const URLS = [
  undefined,
  'https://mail.contoso.com/EWS/Exchange.asmx',
  'https://outlook.office365.com/EWS/Exchange.asmx',
  'https://eur.outlook.com/EWS/Exchange.asmx',
] as const;
const REMEMBERED = [undefined, 'ews', 'graph'] as const;

function* everyCase(): Generator<BackendFacts> {
  for (const choice of CHOICES)
    for (const signIn of SIGN_INS)
      for (const entraAuthority of [false, true])
        for (const ewsUrl of URLS)
          for (const ewsBlocked of [false, true])
            for (const remembered of REMEMBERED)
              yield { choice, signIn, entraAuthority, ewsUrl, ewsBlocked, remembered };
}

const onlineUrl = (url: string | undefined): boolean =>
  url !== undefined && !url.includes('contoso');

describe('chooseBackend', () => {
  const cases = [...everyCase()];

  it('covers every combination', () => {
    expect(cases).toHaveLength(4 * 2 * 2 * 4 * 2 * 3);
  });

  it('EWS chosen is EWS whatever the server says', () => {
    for (const facts of cases.filter((c) => c.choice === 'ews'))
      expect(chooseBackend(facts)).toEqual({ protocol: 'ews', reason: 'chosen' });
  });

  it('Graph chosen is Graph with OAuth, and a request to sign in with Microsoft with a password', () => {
    for (const facts of cases.filter((c) => c.choice === 'graph'))
      expect(chooseBackend(facts)).toEqual(
        facts.signIn === 'oauth'
          ? { protocol: 'graph', reason: 'chosen' }
          : { protocol: null, reason: 'graph-needs-oauth' },
      );
  });

  it('automatic (or absent) with a password is EWS', () => {
    for (const facts of cases.filter((c) => c.choice !== 'ews' && c.choice !== 'graph'))
      if (facts.signIn === 'password')
        expect(chooseBackend(facts)).toEqual({ protocol: 'ews', reason: 'password' });
  });

  it('automatic with OAuth: Entra ID, an Exchange Online URL or the tenant block → Graph, in that order of reasons', () => {
    let graph = 0;
    for (const facts of cases.filter(
      (c) => c.choice !== 'ews' && c.choice !== 'graph' && c.signIn === 'oauth',
    )) {
      const decision = chooseBackend(facts);
      if (facts.entraAuthority)
        expect(decision).toEqual({ protocol: 'graph', reason: 'entra-authority' });
      else if (onlineUrl(facts.ewsUrl))
        expect(decision).toEqual({ protocol: 'graph', reason: 'exchange-online-url' });
      else if (facts.ewsBlocked)
        expect(decision).toEqual({ protocol: 'graph', reason: 'ews-blocked' });
      else if (facts.remembered !== undefined)
        expect(decision).toEqual({ protocol: facts.remembered, reason: 'remembered' });
      else expect(decision).toEqual({ protocol: 'ews', reason: 'on-premises' });
      if (decision.protocol === 'graph') graph += 1;
    }
    // 2 choices × 2 authorities × 4 URLs × 2 blocks × 3 remembered = 96; EWS only with an
    // on-premises authority, no or an on-premises URL, no block and nothing or EWS remembered.
    expect(graph).toBe(96 - 2 * 2 * 2);
  });

  it('an on-premises account with its own authority stays on EWS even after a Graph account was remembered elsewhere', () => {
    expect(
      chooseBackend({
        choice: 'automatic',
        signIn: 'oauth',
        entraAuthority: false,
        ewsUrl: 'https://mail.contoso.com/EWS/Exchange.asmx',
        ewsBlocked: false,
        remembered: undefined,
      }),
    ).toEqual({ protocol: 'ews', reason: 'on-premises' });
  });
});

describe('isExchangeOnlineEwsUrl', () => {
  it.each([
    ['https://outlook.office365.com/EWS/Exchange.asmx', true],
    ['https://OUTLOOK.OFFICE365.COM./EWS/Exchange.asmx', true],
    ['https://outlook.office.com/EWS/Exchange.asmx', true],
    ['https://apc.outlook.com/EWS/Exchange.asmx', true],
    ['https://outlook.com/EWS/Exchange.asmx', false],
    ['https://notoutlook.com/EWS/Exchange.asmx', false],
    ['https://outlook.office365.com.evil.example/EWS/Exchange.asmx', false],
    ['https://mail.contoso.com/EWS/Exchange.asmx', false],
    ['not a url', false],
  ])('%s → %s', (url, online) => {
    expect(isExchangeOnlineEwsUrl(url)).toBe(online);
  });
});

describe('the settings that feed it', () => {
  it('an older settings file without the choice parses, and a wrong value is refused', () => {
    const old = SettingsSchema.parse({ account: { mailbox: 'a@contoso.com', auth: 'oauth' } });
    expect(old.account.backend).toBeUndefined();
    expect(old.presence.publishToTeams).toBeUndefined();
    const chosen = SettingsSchema.parse({
      account: { backend: 'graph', protocol: 'graph' },
      presence: { publishToTeams: false },
    });
    expect(chosen.account).toMatchObject({ backend: 'graph', protocol: 'graph' });
    expect(chosen.presence.publishToTeams).toBe(false);
    expect(SettingsSchema.safeParse({ account: { backend: 'rest' } }).success).toBe(false);
  });
});
