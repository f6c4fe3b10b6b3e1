import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '../../../src-main/ews/errors.js';
import { assertWellFormed } from '../../../src-main/ews/xml/well-formed.js';
import { el, textEl, type XmlFragment } from '../../../src-main/ews/xml/build.js';

const reject = (xml: string): void => {
  expect(() => {
    assertWellFormed(xml);
  }).toThrow(DecodeError);
};

describe('XML structure check', () => {
  it.each([
    [
      'a SOAP envelope with prolog, comment and CDATA',
      '<?xml version="1.0"?>\n<!-- c --><s:E xmlns:s="u"><s:B a=\'x>y\'><![CDATA[<not a tag>]]></s:B><t:C/></s:E>\n',
    ],
    ['attribute values holding > and /', '<a href="x/>y" b=\'<&gt;\'/>'],
    ['a closing tag with trailing space', '<a><b></b ></a>'],
  ])('accepts %s', (_name, xml) => {
    expect(() => {
      assertWellFormed(xml);
    }).not.toThrow();
  });

  it.each([
    ['mismatched names', '<a><b></a></b>'],
    ['an unclosed root', '<a><b/>'],
    ['a tag cut off', '<a><b x="1"'],
    ['an attribute value cut off', '<a x="1>'],
    ['two roots', '<a/><b/>'],
    ['text outside the root', 'x<a/>'],
    ['no root at all', '   '],
    ['a stray closing tag', '</a>'],
    ['a DOCTYPE', '<!DOCTYPE a><a/>'],
    ['an unterminated comment', '<a><!-- </a>'],
    ['an unterminated CDATA section', '<a><![CDATA[x</a>'],
    ['a tag without a name', '<a>< b/></a>'],
    ['< inside a tag', '<a <b/>'],
  ])('rejects %s', (_name, xml) => {
    reject(xml);
  });
});

/** Random element trees built with our own (escaping) builder: always well-formed. */
const name = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,8}$/)
  .map((n) => (n.toLowerCase().startsWith('xml') ? `x${n}` : n));
const tree: fc.Arbitrary<XmlFragment> = fc.letrec<{ node: XmlFragment }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(name, fc.string()).map(([n, t]) => textEl(`t:${n}`, t, { Attr: t })),
    fc
      .tuple(name, fc.array(tie('node'), { maxLength: 4 }))
      .map(([n, kids]) => el(`m:${n}`, { Id: n }, kids)),
  ),
})).node;

describe('XML structure check on random documents', () => {
  it('accepts every document the builder writes, and fast-xml-parser reads it', () => {
    fc.assert(
      fc.property(tree, (root) => {
        assertWellFormed(root.xml);
        expect(new XMLParser().parse(root.xml)).toBeTypeOf('object');
      }),
    );
  });

  it('rejects every strict prefix of a document (a truncated answer)', () => {
    fc.assert(
      fc.property(
        tree.filter((t) => t.xml.length > 1),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (root, where) => {
          const cut = Math.min(root.xml.length - 1, Math.floor(where * root.xml.length));
          const prefix = root.xml.slice(0, cut);
          // Only a prefix that ends exactly after a complete root could be whole; ours cut before the end.
          expect(() => {
            assertWellFormed(prefix);
          }).toThrow(DecodeError);
        },
      ),
    );
  });

  it('rejects a document whose last closing tag names another element', () => {
    fc.assert(
      fc.property(name, name, (a, b) => {
        fc.pre(a !== b);
        reject(`<${a}><x/></${b}>`);
      }),
    );
  });
});
