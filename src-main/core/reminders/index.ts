/** Meeting reminders and the "automatic replies are still on" notice: decided here, shown by a shell. */
export type { MeetingSoonNotice, Notice, OofStillOnNotice } from './notice.js';
export {
  createReminderService,
  type ReminderService,
  type ReminderServiceOptions,
} from './reminder-service.js';
export { type NoticeText, type NoticeTextOptions } from './notice-text.js';
// What shells show: the words with the bidirectional controls of Exchange's text removed.
export { plainNoticeText as noticeText } from './plain-notice.js';
