import { describe, expect, it } from 'vitest';
import { htmlToNote, NOTE_MAX_CHARS } from '../../../src-main/presence/index.js';

const OUTLOOK = `<html xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<meta name="Generator" content="Microsoft Word 15 (filtered medium)">
<title>Automatic reply</title>
<style><!--
/* Font Definitions */
@font-face {font-family:"Cambria Math"; panose-1:2 4 5 3 5 4 6 3 2 4;}
p.MsoNormal, li.MsoNormal, div.MsoNormal {margin:0cm; font-size:11.0pt; font-family:"Calibri",sans-serif;}
--></style><!--[if gte mso 9]><xml>
<o:shapedefaults v:ext="edit" spidmax="1026" />
</xml><![endif]--></head>
<body lang="EN-GB" link="#0563C1" vlink="#954F72" style="word-wrap:break-word">
<div class="WordSection1"><p class="MsoNormal">Hello,<o:p></o:p></p>
<p class="MsoNormal"><o:p>&nbsp;</o:p></p>
<p class="MsoNormal">I am out of the office 10&#8211;14&nbsp;June with limited access to email.<br>
For urgent matters please contact <a href="mailto:jo@contoso.com">Jo&nbsp;Smith</a>.<o:p></o:p></p>
<div><div>Kind regards,<br>Alex</div></div></div>
</body></html>`;

describe('htmlToNote: an OOF reply as one line of plain text', () => {
  it.each([
    {
      rule: "Outlook's full document: head, style and conditional comments dropped, text kept",
      html: OUTLOOK,
      note: 'Hello, I am out of the office 10\u201314 June with limited access to email. For urgent matters please contact Jo Smith. Kind regards, Alex',
    },
    {
      rule: 'OWA-style spans and an em dash entity',
      html: '<div style="font-family: Calibri, sans-serif"><span>Out until Monday</span><span> &mdash; back on the 15th</span></div>',
      note: 'Out until Monday \u2014 back on the 15th',
    },
    {
      rule: 'inline tags join their text',
      html: '<b>Out</b>side the <i>office</i>',
      note: 'Outside the office',
    },
    {
      rule: 'block tags separate words',
      html: '<p>Away</p><p>Back Monday</p><ul><li>a</li><li>b</li></ul>',
      note: 'Away Back Monday a b',
    },
    { rule: 'a bare "<" and ">" are text', html: 'a < b and c > d', note: 'a < b and c > d' },
    {
      rule: 'a ">" inside a quoted attribute does not end the tag',
      html: '<a title="a>b" href=\'x>y\'>link</a>',
      note: 'link',
    },
    {
      rule: 'hex and decimal references',
      html: 'It&#x2019;s 9&#8211;5 &#169;',
      note: 'It\u2019s 9\u20135 \u00a9',
    },
    {
      rule: 'an unknown name is left as written',
      html: 'fish &chips; &bogus',
      note: 'fish &chips; &bogus',
    },
    { rule: 'references decode once', html: '&amp;nbsp; &amp;lt;', note: '&nbsp; &lt;' },
    {
      rule: 'an invalid code point becomes U+FFFD',
      html: 'a&#0;b&#xD800;c&#x110000;d',
      note: 'a\ufffdb\ufffdc\ufffdd',
    },
    {
      rule: 'comments are dropped',
      html: 'Away<!-- internal: ignore --> today',
      note: 'Away today',
    },
    {
      rule: 'an unclosed comment drops the rest',
      html: 'Away <!-- never closed <p>secret</p>',
      note: 'Away',
    },
    {
      rule: 'whitespace, tabs, newlines and &nbsp; collapse',
      html: '  a\n\t b &nbsp;&nbsp; c  ',
      note: 'a b c',
    },
    {
      rule: 'soft hyphens and zero-width characters vanish',
      html: 'out&shy;side\u200b office',
      note: 'outside office',
    },
    {
      rule: 'only markup → empty',
      html: '<html><head><title>x</title></head><body><br/>&nbsp;</body></html>',
      note: '',
    },
    { rule: 'empty → empty', html: '', note: '' },
    {
      rule: 'a missing </head> does not swallow the body',
      html: '<head><meta charset="utf-8"><body>Away</body>',
      note: 'Away',
    },
  ])('$rule', ({ html, note }) => {
    expect(htmlToNote(html)).toBe(note);
  });
});

describe('htmlToNote: script payloads come out as text only', () => {
  it.each([
    {
      rule: 'a script element is removed with its content',
      html: '<p>Away</p><script>alert("x")</script><p>Back Monday</p>',
      note: 'Away Back Monday',
    },
    {
      rule: 'upper-case SCRIPT with markup inside',
      html: '<SCRIPT type="text/javascript">document.write("<p>evil</p>")</SCRIPT>Hi',
      note: 'Hi',
    },
    {
      rule: 'a split end tag inside the script does not end it',
      html: '<script>var s = "</scr" + "ipt>";</script>Hi',
      note: 'Hi',
    },
    {
      rule: 'an unclosed script drops everything after it',
      html: '<p>Away</p><script>steal(document.cookie)',
      note: 'Away',
    },
    {
      rule: 'a style element is removed with its content',
      html: '<style>p { color: red }</style>Text',
      note: 'Text',
    },
    {
      rule: 'event-handler attributes vanish with their tag',
      html: '<img src=x onerror="alert(1)">Hello',
      note: 'Hello',
    },
    {
      rule: 'an iframe and its fallback are removed',
      html: '<iframe src="javascript:alert(1)">fallback</iframe>Hi',
      note: 'Hi',
    },
    {
      rule: 'svg with a nested script is removed',
      html: '<svg onload=alert(1)><script>alert(2)</script></svg>Hi',
      note: 'Hi',
    },
    {
      rule: 'escaped markup stays visible, harmless text',
      html: '&lt;script&gt;alert(1)&lt;/script&gt;',
      note: '<script>alert(1)</script>',
    },
    {
      rule: 'a tag hidden in a tag name yields text only',
      html: '<scr<script>ipt>alert(1)</script>',
      note: 'ipt>alert(1)',
    },
  ])('$rule', ({ html, note }) => {
    expect(htmlToNote(html)).toBe(note);
  });
});

describe('htmlToNote: cut at 200 characters on a word boundary, with an ellipsis', () => {
  it.each([
    {
      rule: 'the cut falls just before a space: every whole word that fits is kept',
      text: 'abcdefghi '.repeat(25),
      note: `${'abcdefghi '.repeat(20).trimEnd()}\u2026`,
    },
    {
      rule: 'a word crossing the limit is dropped whole',
      text: 'abcdefghijk '.repeat(30),
      note: `${'abcdefghijk '.repeat(16).trimEnd()}\u2026`,
    },
    {
      rule: 'exactly 200 characters are kept as they are',
      text: 'x'.repeat(200),
      note: 'x'.repeat(200),
    },
    {
      rule: 'one endless word is cut hard',
      text: 'x'.repeat(300),
      note: `${'x'.repeat(199)}\u2026`,
    },
    {
      rule: 'characters are code points, so an emoji is never split',
      text: '\u{1F600}'.repeat(250),
      note: `${'\u{1F600}'.repeat(199)}\u2026`,
    },
  ])('$rule', ({ text, note }) => {
    const result = htmlToNote(`<p>${text}</p>`);
    expect(result).toBe(note);
    expect(Array.from(result).length).toBeLessThanOrEqual(NOTE_MAX_CHARS);
  });
});
