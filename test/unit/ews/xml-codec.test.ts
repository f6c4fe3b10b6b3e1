import { describe, expect, it } from 'vitest';
import { DecodeError, ServerBusyError, SoapFaultError } from '../../../src-main/ews/errors.js';
import { buildEnvelope, readEnvelope } from '../../../src-main/ews/soap/envelope.js';
import fc from 'fast-check';
import {
  UnencodableTextError,
  assertEncodable,
  el,
  escapeXml,
  textEl,
} from '../../../src-main/ews/xml/build.js';
import { attr, child, childText, parseXml, text } from '../../../src-main/ews/xml/parse.js';

/** What XML 1.0 cannot carry: C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates. */
const UNCARRIED =
  // eslint-disable-next-line no-control-regex -- exactly those characters
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

describe('XML builder', () => {
  it('escapes markup characters in text and attributes', () => {
    const xml = el('t:A', { Name: `a"b'<c>&` }, textEl('t:B', '</t:B><t:Evil/>&amp;')).xml;
    expect(xml).toBe(
      '<t:A Name="a&quot;b&apos;&lt;c&gt;&amp;"><t:B>&lt;/t:B&gt;&lt;t:Evil/&gt;&amp;amp;</t:B></t:A>',
    );
  });

  it('drops characters XML 1.0 cannot carry', () => {
    expect(escapeXml('a\u0000b\u0008c\td')).toBe('abc\td');
  });

  it('writes CR as a character reference, so CRLF and lone CR survive a parser', () => {
    expect(textEl('t:M', 'a\r\nb\rc\nd').xml).toBe('<t:M>a&#13;\nb&#13;c\nd</t:M>');
    const value = 'line1\r\nline2\r\rend\n';
    expect(text(child(parseXml(textEl('M', value).xml), 'M'))).toBe(value);
  });

  it('writes tab, LF and CR in attributes as character references', () => {
    const xml = el('A', { v: 'a\tb\nc\r\nd' }).xml;
    expect(xml).toBe('<A v="a&#9;b&#10;c&#13;&#10;d"/>');
    expect(attr(child(parseXml(xml), 'A'), 'v')).toBe('a\tb\nc\r\nd');
  });

  it('drops lone surrogates too (they have no UTF-8 form)', () => {
    expect(escapeXml('a\uD83Db\uDE00c😀')).toBe('abc😀');
  });

  it('round-trips any string XML can carry, in text and in attributes (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (value) => {
        const carried = value.replace(UNCARRIED, '');
        const tree = parseXml(el('R', { v: value }, textEl('T', value)).xml);
        expect(text(child(child(tree, 'R'), 'T'))).toBe(carried);
        expect(attr(child(tree, 'R'), 'v')).toBe(carried);
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['NUL', 'a\u0000', 1, 0x0000],
    ['a vertical tab', 'ab\u000B', 2, 0x000b],
    ['U+FFFF', '\uFFFF', 0, 0xffff],
    ['a lone high surrogate', 'x\uD800y', 1, 0xd800],
    ['a lone low surrogate', '\uDC00', 0, 0xdc00],
  ])('assertEncodable names %s with its position', (_what, value, index, codeUnit) => {
    const error = (() => {
      try {
        assertEncodable(value, 'the internal reply');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnencodableTextError);
    expect(error).toMatchObject({ index, codeUnit, field: 'the internal reply' });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^The internal reply contains a character that cannot be sent \\(U\\+${codeUnit.toString(16).toUpperCase().padStart(4, '0')} at position ${index + 1}\\)`,
      ),
    );
  });

  it('round-trips any text through build and parse', () => {
    const value = '  line one\n\tline <two> & "three" – 😀  ';
    const tree = parseXml(textEl('Body', value).xml);
    expect(text(child(tree, 'Body'))).toBe(value);
  });
});

describe('XML parser', () => {
  it('matches local names whatever the prefix or default namespace', () => {
    const prefixed = parseXml('<x:R xmlns:x="urn:a"><x:V>1</x:V></x:R>');
    const defaulted = parseXml('<R xmlns="urn:a"><V>1</V></R>');
    expect(childText(child(prefixed, 'R'), 'V')).toBe('1');
    expect(childText(child(defaulted, 'R'), 'V')).toBe('1');
  });

  it('decodes numeric character references', () => {
    expect(text(child(parseXml('<a>9&#8211;5 &#x2014; &amp;</a>'), 'a'))).toBe('9–5 — &');
  });

  it.each([
    ['mismatched tags', '<a><b></a>'],
    ['an unclosed root', '<a><b/>'],
    ['text only', 'not xml at all'],
    ['a DOCTYPE with entities', '<!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'],
  ])('rejects %s with a DecodeError', (_name, xml) => {
    expect(() => parseXml(xml)).toThrow(DecodeError);
  });
});

describe('SOAP envelope', () => {
  it('writes the EWS headers', () => {
    const xml = buildEnvelope(el('m:GetUserOofSettingsRequest'), {
      version: 'V2018_01_08',
      timeZoneId: 'UTC',
    });
    expect(xml).toContain('<t:RequestServerVersion Version="V2018_01_08"/>');
    expect(xml).toContain(
      '<t:TimeZoneContext><t:TimeZoneDefinition Id="UTC"/></t:TimeZoneContext>',
    );
  });

  it('turns a fault with ErrorServerBusy detail into ServerBusyError with the back-off', () => {
    const fault = `<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>
      <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorServerBusy</faultcode>
      <faultstring>The server cannot service this request right now. Try again later.</faultstring>
      <detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode>
      <t:MessageXml xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><t:Value Name="BackOffMilliseconds">2500</t:Value></t:MessageXml>
      </detail></s:Fault></s:Body></s:Envelope>`;
    const error = (() => {
      try {
        readEnvelope(fault);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ServerBusyError);
    expect((error as ServerBusyError).retryAfterMs).toBe(2500);
    expect((error as ServerBusyError).messageXml).toEqual({ BackOffMilliseconds: '2500' });
  });

  it('turns other faults into SoapFaultError with the response code', () => {
    const fault = `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><soap:Fault>
      <faultcode>soap:Client</faultcode><faultstring>Bad</faultstring>
      <detail><e:ResponseCode xmlns:e="urn:e">ErrorSchemaValidation</e:ResponseCode>
      <t:MessageXml xmlns:t="urn:t"><t:LineNumber>11</t:LineNumber></t:MessageXml></detail>
      </soap:Fault></soap:Body></soap:Envelope>`;
    expect(() => readEnvelope(fault)).toThrow(SoapFaultError);
    try {
      readEnvelope(fault);
    } catch (e) {
      expect((e as SoapFaultError).responseCode).toBe('ErrorSchemaValidation');
      expect((e as SoapFaultError).messageXml).toEqual({ LineNumber: '11' });
    }
  });

  it('refuses a document that is not an envelope', () => {
    expect(() => readEnvelope('<html><body>Login</body></html>')).toThrow(DecodeError);
  });
});
