/**
 * A finished conversation in the form Communicator and Lync saved to "Conversation History":
 * subject "Conversation with <name>", an HTML body with each message's time and sender. Every
 * piece of text (names, bodies) is escaped; nothing from the peer reaches the HTML as markup.
 */
import type { ChatEntry } from './conversations.js';

export interface TranscriptInput {
  peerName: string;
  peerAddress: string;
  myName: string;
  messages: readonly ChatEntry[];
  locale: string;
  timeZone: string;
}

export interface Transcript {
  subject: string;
  html: string;
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Line breaks in a message stay line breaks. */
function bodyHtml(body: string): string {
  return escapeHtml(body).replace(/\r?\n/g, '<br>');
}

export function conversationSubject(peerName: string): string {
  return `Conversation with ${peerName}`;
}

export function buildTranscript(input: TranscriptInput): Transcript {
  const time = new Intl.DateTimeFormat(input.locale, {
    hour: 'numeric',
    minute: '2-digit',
    timeZone: input.timeZone,
  });
  const rows = input.messages
    .filter((m) => m.state !== 'failed')
    .map((m) => {
      const who = m.by === 'me' ? input.myName : input.peerName;
      return (
        `<div class="message"><span class="time">${escapeHtml(time.format(Date.parse(m.at)))}</span> ` +
        `<span class="sender">${escapeHtml(who)}</span>: ` +
        `<span class="body">${bodyHtml(m.body)}</span></div>`
      );
    });
  const subject = conversationSubject(input.peerName);
  const html =
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>' +
    `<body><div class="conversation" data-with="${escapeHtml(input.peerAddress)}">` +
    rows.join('') +
    '</div></body></html>';
  return { subject, html };
}
