/**
 * A notice's words as the OS shows them: subjects, locations and names come from Exchange or IM,
 * and a notification cannot isolate them, so their bidirectional controls are removed.
 */
import { withoutBidiControls } from '../plain-text.js';
import type { Notice } from './notice.js';
import { noticeText, type NoticeText, type NoticeTextOptions } from './notice-text.js';

export function plainNoticeText(notice: Notice, options: NoticeTextOptions): NoticeText {
  const text = noticeText(notice, options);
  const plain: NoticeText = {
    title: withoutBidiControls(text.title),
    body: withoutBidiControls(text.body),
  };
  if (text.actionLabel !== undefined) plain.actionLabel = text.actionLabel;
  return plain;
}
