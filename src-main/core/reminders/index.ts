/** Meeting reminders and the "automatic replies are still on" notice: decided here, shown by a shell. */
export type { MeetingSoonNotice, Notice, OofStillOnNotice } from './notice.js';
export {
  createReminderService,
  type ReminderService,
  type ReminderServiceOptions,
} from './reminder-service.js';
export { noticeText, type NoticeText, type NoticeTextOptions } from './notice-text.js';
