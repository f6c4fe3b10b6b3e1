import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildPoxRequest,
  decodePoxResponse,
  ewsUrlChoices,
  POX_REQUEST_NS,
  POX_RESPONSE_SCHEMA,
  type PoxAnswer,
} from '../../../../src-main/ews/autodiscover/pox-codec.js';
import { DecodeError } from '../../../../src-main/ews/errors.js';
import { child, childText, parseXml } from '../../../../src-main/ews/xml/parse.js';

const corpus = resolve(import.meta.dirname, '../../../../../shared/ews-corpus/Autodiscover');
const read = (name: string): string => readFileSync(resolve(corpus, name), 'utf8');

// Every corpus POX example writes its namespaces as https://schemas.microsoft.com/... (the docs'
// mistake; servers send http://). The decoder matches local names only, so these decode as they
// would with the real namespaces: we accept the documented form rather than reject it.

function settings(answer: PoxAnswer): Extract<PoxAnswer, { kind: 'settings' }> {
  if (answer.kind !== 'settings') throw new Error(`expected settings, got ${answer.kind}`);
  return answer;
}

describe('POX Autodiscover decoder on the documented responses', () => {
  it('reads the how-to settings answer: user, protocols and the EXCH EwsUrl', () => {
    const answer = settings(
      decodePoxResponse(
        read('howto-get-user-settings-from-exchange-by-using-autodiscover.response.xml'),
      ),
    );
    expect(answer.user).toEqual({
      displayName: 'Mara Whitley',
      legacyDn:
        '/o=First Organization/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=f5eeabead90d4b6fb51d6379474692cd-Mara',
      smtpAddress: 'mara@contoso.com',
      deploymentId: '50817eff-b925-4578-a0db-13bfc635e7a5',
    });
    expect(answer.protocols.map((p) => p.type)).toEqual(['EXCH', 'EXPR', 'WEB']);
    const [exch, expr, web] = answer.protocols;
    expect(exch?.ewsUrl).toBe('https://mail.contoso.com/EWS/Exchange.asmx');
    expect(exch?.server).toBe('5f76be3c-9138-4f66-85e0-21bc23ca35f0@contoso.com');
    expect(expr?.server).toBe('mail.contoso.com');
    expect(expr?.ewsUrl).toBeUndefined();
    expect(web?.internal).toHaveLength(1);
    expect(web?.internal[0]?.type).toBe('EXCH');
    expect(web?.internal[0]?.asUrl).toBe('https://mail.contoso.com/EWS/Exchange.asmx');
    expect(ewsUrlChoices(answer.protocols)).toEqual([
      { url: 'https://mail.contoso.com/EWS/Exchange.asmx', source: 'EXCH' },
    ]);
  });

  it('falls back to ASUrl in the reference answer, which has no EwsUrl', () => {
    const answer = settings(
      decodePoxResponse(read('ref-pox-autodiscover-response-for-exchange.response.xml')),
    );
    expect(answer.user.displayName).toBe('First Last');
    expect(answer.user.smtpAddress).toBeUndefined();
    expect(answer.protocols.map((p) => [p.type, p.server])).toEqual([
      ['EXCH', 'MBX-SERVER.mail.internal.contoso.com'],
      ['EXPR', 'Exchange.contoso.com'],
      ['WEB', undefined],
    ]);
    expect(answer.protocols[0]?.ewsUrl).toBeUndefined();
    expect(answer.protocols[0]?.asUrl).toBe('https://mail.contoso.com/ews/exchange.asmx');
    // EXCH and EXPR name the same endpoint; it is offered once, credited to EXCH.
    expect(ewsUrlChoices(answer.protocols)).toEqual([
      { url: 'https://mail.contoso.com/ews/exchange.asmx', source: 'EXCH' },
    ]);
  });

  it('reads the redirectAddr answer', () => {
    expect(
      decodePoxResponse(read('guide-handling-autodiscover-error-messages-redirect.response.xml')),
    ).toEqual({ kind: 'redirectAddr', email: 'elvin@mail.contoso.com' });
  });

  it('reads the error answer (ErrorCode 600)', () => {
    expect(
      decodePoxResponse(read('ref-pox-autodiscover-response-for-exchange-error.response.xml')),
    ).toEqual({ kind: 'error', code: '600', message: 'Invalid Request' });
  });
});

describe('POX Autodiscover decoder on other shapes', () => {
  const wrap = (account: string): string =>
    `<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006"><Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"><Account>${account}</Account></Response></Autodiscover>`;

  it('reads a redirectUrl answer with the real http:// namespaces', () => {
    expect(
      decodePoxResponse(
        wrap(
          '<Action>redirectUrl</Action><RedirectUrl>https://mail.fabrikam.test/autodiscover/autodiscover.xml</RedirectUrl>',
        ),
      ),
    ).toEqual({
      kind: 'redirectUrl',
      url: 'https://mail.fabrikam.test/autodiscover/autodiscover.xml',
    });
  });

  it('prefers EXCH over EXPR over WEB External over WEB Internal', () => {
    const answer = settings(
      decodePoxResponse(
        wrap(
          '<Action>settings</Action>' +
            '<Protocol><Type>WEB</Type><Internal><Protocol><Type>EXCH</Type><ASUrl>https://int/EWS/Exchange.asmx</ASUrl></Protocol></Internal>' +
            '<External><Protocol><Type>EXCH</Type><ASUrl>https://ext/EWS/Exchange.asmx</ASUrl></Protocol></External></Protocol>' +
            '<Protocol><Type>EXPR</Type><EwsUrl>https://expr/EWS/Exchange.asmx</EwsUrl></Protocol>' +
            '<Protocol Type="EXCH"><EwsUrl>https://exch/EWS/Exchange.asmx</EwsUrl><ASUrl>https://as/EWS/Exchange.asmx</ASUrl></Protocol>',
        ),
      ),
    );
    expect(ewsUrlChoices(answer.protocols)).toEqual([
      { url: 'https://exch/EWS/Exchange.asmx', source: 'EXCH' },
      { url: 'https://expr/EWS/Exchange.asmx', source: 'EXPR' },
      { url: 'https://ext/EWS/Exchange.asmx', source: 'WEB/External/EXCH' },
      { url: 'https://int/EWS/Exchange.asmx', source: 'WEB/Internal/EXCH' },
    ]);
  });

  it.each([
    ['an HTML page', '<html><body>Welcome to Contoso</body></html>'],
    ['a truncated answer', '<Autodiscover><Response><Account><Action>settings'],
    ['an Autodiscover without Response', '<Autodiscover/>'],
    ['an Account without Action or Protocol', wrap('<AccountType>email</AccountType>')],
    ['an unknown Action', wrap('<Action>teleport</Action>')],
    ['redirectAddr without the address', wrap('<Action>redirectAddr</Action>')],
    [
      'redirectUrl without the URL',
      wrap('<Action>redirectUrl</Action><RedirectUrl> </RedirectUrl>'),
    ],
  ])('rejects %s with a DecodeError', (_name, xml) => {
    expect(() => decodePoxResponse(xml)).toThrow(DecodeError);
  });
});

describe('POX Autodiscover request', () => {
  it('names the address and the 2006a response schema with the real http:// namespaces', () => {
    // parseXml drops xmlns attributes, so the namespace is checked on the text itself.
    expect(buildPoxRequest('mara@contoso.com')).toBe(
      '<?xml version="1.0" encoding="utf-8"?>' +
        '<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">' +
        '<Request><EMailAddress>mara@contoso.com</EMailAddress>' +
        '<AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema>' +
        '</Request></Autodiscover>',
    );
    expect(POX_REQUEST_NS).toBe(
      'http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006',
    );
  });

  it('has the same shape as the documented request, apart from the https:// slip', () => {
    const documented = parseXml(read('ref-pox-autodiscover-request-for-exchange.request.xml'));
    const ours = parseXml(buildPoxRequest('user@contoso.com'));
    const docRequest = child(child(documented, 'Autodiscover'), 'Request');
    const ourRequest = child(child(ours, 'Autodiscover'), 'Request');
    expect(childText(ourRequest, 'EMailAddress')).toBe(childText(docRequest, 'EMailAddress'));
    expect(childText(docRequest, 'AcceptableResponseSchema')).toBe(
      POX_RESPONSE_SCHEMA.replace('http://', 'https://'),
    );
  });

  it('escapes the address', () => {
    const xml = buildPoxRequest('a<b>&"c@contoso.com');
    expect(xml).toContain('<EMailAddress>a&lt;b&gt;&amp;&quot;c@contoso.com</EMailAddress>');
    expect(childText(child(child(parseXml(xml), 'Autodiscover'), 'Request'), 'EMailAddress')).toBe(
      'a<b>&"c@contoso.com',
    );
  });
});
