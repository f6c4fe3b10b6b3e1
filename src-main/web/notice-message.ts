/**
 * A core notice as the `notice` message a page receives: worded in the page's language (the
 * settings' language first) and zone, plain text with no bidirectional controls, cut to a
 * bounded length, with the place its click opens. Pure.
 */
import { noticeText } from '../core/reminders/index.js';
import type { Notice } from '../core/reminders/notice.js';
import { noticeView } from '../core/notices/open-view.js';
import { MAX_NOTICE_TEXT, NoticeMessageSchema, type NoticeMessage } from './messages.js';

function bounded(text: string): string {
  const chars = Array.from(text);
  return chars.length <= MAX_NOTICE_TEXT
    ? text
    : `${chars.slice(0, MAX_NOTICE_TEXT - 1).join('')}\u2026`;
}

export function noticeMessage(
  notice: Notice,
  options: { locale: string | undefined; timeZone: string },
): NoticeMessage {
  // The plain words (bidi controls removed): the page may show them as a system notification.
  const text = noticeText(notice, options);
  const message: NoticeMessage = {
    type: 'notice',
    id: notice.id,
    kind: notice.kind,
    title: bounded(text.title),
    body: bounded(text.body),
    action: noticeView(notice, notice.kind === 'voicemail'),
  };
  if (text.actionLabel !== undefined) message.actionLabel = text.actionLabel;
  if (notice.kind === 'meeting-soon' && notice.joinable) message.join = notice.itemId;
  // What leaves the shell matches its schema (an id longer than the schema allows is not sent).
  return NoticeMessageSchema.parse(message);
}
