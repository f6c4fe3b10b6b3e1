import { describe, expect, it } from 'vitest';
import {
  checkEwsUrl,
  checkRedirectTarget,
  domainOf,
  httpProbeUrl,
  poxCandidates,
  srvPoxUrl,
  v2JsonUrl,
} from '../../../../src-main/ews/autodiscover/candidates.js';
import { decodeV2Json } from '../../../../src-main/ews/autodiscover/json-codec.js';
import { orderSrvRecords, srvName } from '../../../../src-main/ews/autodiscover/srv.js';
import { DecodeError } from '../../../../src-main/ews/errors.js';

describe('Autodiscover URLs', () => {
  it('takes the domain from an address and refuses what is not one', () => {
    expect(domainOf('Mara@Contoso.COM')).toBe('contoso.com');
    expect(domainOf('a@b@fabrikam.test')).toBe('fabrikam.test');
    expect(domainOf('nobody')).toBeUndefined();
    expect(domainOf('@contoso.com')).toBeUndefined();
    expect(domainOf('a@')).toBeUndefined();
    expect(domainOf('a@evil.test/path')).toBeUndefined();
    expect(domainOf('a@evil.test:8080')).toBeUndefined();
  });

  it('builds the v2, POX, probe and SRV URLs', () => {
    expect(v2JsonUrl('https://outlook.office365.com/', 'mara@contoso.com')).toBe(
      'https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/mara@contoso.com?Protocol=EWS',
    );
    expect(v2JsonUrl('https://o.test', 'a b/c@contoso.com')).toBe(
      'https://o.test/autodiscover/autodiscover.json/v1.0/a%20b%2Fc@contoso.com?Protocol=EWS',
    );
    expect(poxCandidates('contoso.com')).toEqual([
      'https://contoso.com/autodiscover/autodiscover.xml',
      'https://autodiscover.contoso.com/autodiscover/autodiscover.xml',
    ]);
    expect(httpProbeUrl('contoso.com')).toBe(
      'http://autodiscover.contoso.com/autodiscover/autodiscover.xml',
    );
    expect(srvPoxUrl('Mail.Contoso.com.', 443)).toBe(
      'https://mail.contoso.com/autodiscover/autodiscover.xml',
    );
    expect(srvPoxUrl('mail.contoso.com', 8443)).toBe(
      'https://mail.contoso.com:8443/autodiscover/autodiscover.xml',
    );
    expect(srvName('contoso.com')).toBe('_autodiscover._tcp.contoso.com');
  });

  it('follows https redirects only, resolving relative ones', () => {
    expect(checkRedirectTarget('https://b.test/x', 'https://a.test/y')).toEqual({
      ok: true,
      url: 'https://b.test/x',
    });
    expect(checkRedirectTarget('/autodiscover/autodiscover.xml', 'https://a.test/y')).toEqual({
      ok: true,
      url: 'https://a.test/autodiscover/autodiscover.xml',
    });
    // A relative Location from the plain-HTTP probe stays http, and so is refused.
    expect(checkRedirectTarget('/x', 'http://a.test/y')).toEqual({
      ok: false,
      reason: 'refused redirect to http://a.test/x: not https',
    });
    expect(checkRedirectTarget('http://b.test/x', 'https://a.test/')).toMatchObject({ ok: false });
    expect(checkRedirectTarget('https://u:p@b.test/x', 'https://a.test/')).toMatchObject({
      ok: false,
    });
    expect(checkRedirectTarget('ftp://b.test/x', 'https://a.test/')).toMatchObject({ ok: false });
  });

  it('accepts an https EWS URL, and plain http only on loopback', () => {
    expect(checkEwsUrl('https://mail.contoso.com/EWS/Exchange.asmx')).toEqual({
      ok: true,
      url: 'https://mail.contoso.com/EWS/Exchange.asmx',
    });
    expect(checkEwsUrl('http://127.0.0.1:8080/EWS/Exchange.asmx')).toMatchObject({ ok: true });
    expect(checkEwsUrl('http://mail.contoso.com/EWS/Exchange.asmx')).toEqual({
      ok: false,
      reason:
        'answer named an EWS URL that is not https: http://mail.contoso.com/EWS/Exchange.asmx',
    });
    expect(checkEwsUrl('not a url')).toMatchObject({ ok: false });
  });
});

describe('SRV ordering', () => {
  it('sorts by priority, then weight, and drops "no service" records', () => {
    expect(
      orderSrvRecords([
        { name: 'c.test', port: 443, priority: 10, weight: 5 },
        { name: 'a.test', port: 443, priority: 0, weight: 1 },
        { name: '.', port: 443, priority: 0, weight: 100 },
        { name: 'b.test', port: 443, priority: 0, weight: 50 },
        { name: 'z.test', port: 0, priority: 0, weight: 0 },
      ]).map((r) => r.name),
    ).toEqual(['b.test', 'a.test', 'c.test']);
  });
});

describe('Autodiscover v2 JSON decoder', () => {
  it('reads the EWS URL', () => {
    expect(
      decodeV2Json('{"Protocol":"EWS","Url":"https://outlook.office365.com/EWS/Exchange.asmx"}'),
    ).toEqual({
      kind: 'url',
      protocol: 'EWS',
      url: 'https://outlook.office365.com/EWS/Exchange.asmx',
    });
  });

  it('reads an error answer', () => {
    expect(
      decodeV2Json('{"ErrorCode":"InvalidUser","ErrorMessage":"No mailbox for that address"}'),
    ).toEqual({ kind: 'error', code: 'InvalidUser', message: 'No mailbox for that address' });
  });

  it.each([
    ['HTML', '<html></html>'],
    ['an array', '[]'],
    ['null', 'null'],
    ['an object with neither field', '{"Protocol":"EWS"}'],
    ['a non-string Url', '{"Url":42}'],
  ])('rejects %s with a DecodeError', (_name, body) => {
    expect(() => decodeV2Json(body)).toThrow(DecodeError);
  });
});
