import { describe, expect, it } from 'vitest';
import { child, parseXml, text, type XmlNode } from '../../../src-main/ews/xml/parse.js';
import { applyOofSettings, oofSettingsXml } from '../../../src-main/sim/operations/oof.js';
import type { OofSettings } from '../../../src-main/sim/model.js';

const MESSAGE = 'line1\r\nline2\r\tindented <b>&amp;</b> \u202Eevil\u202C 😀\n';
const settings: OofSettings = {
  state: 'Enabled',
  externalAudience: 'All',
  internalReply: { message: MESSAGE },
  externalReply: { message: 'x\r' },
};

describe('the simulator keeps OOF text exactly', () => {
  it('writes CR as &#13; in its answers, never raw', () => {
    const xml = oofSettingsXml(settings).xml;
    expect(xml).not.toContain('\r');
    expect(xml).toContain('line1&#13;\nline2&#13;\tindented &lt;b&gt;&amp;amp;&lt;/b&gt;');
  });

  it('an answer it wrote reads back as the text it holds', () => {
    const tree = parseXml(oofSettingsXml(settings).xml);
    const oof = child(tree, 'OofSettings');
    expect(text(child(child(oof, 'InternalReply'), 'Message'))).toBe(MESSAGE);
    expect(text(child(child(oof, 'ExternalReply'), 'Message'))).toBe('x\r');
  });

  it('stores a request’s &#13; as CR', () => {
    const request = parseXml(
      '<t:UserOofSettings xmlns:t="urn:t"><t:OofState>Enabled</t:OofState><t:InternalReply><t:Message>a&#13;\nb</t:Message></t:InternalReply></t:UserOofSettings>',
    );
    const next = applyOofSettings(settings, child(request, 'UserOofSettings') as XmlNode);
    expect(next.internalReply?.message).toBe('a\r\nb');
  });
});
