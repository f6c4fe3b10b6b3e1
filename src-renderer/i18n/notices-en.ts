/** English: notices. */
import type { NoticesMessages } from './notices-messages.js';

export const noticesEn: NoticesMessages = {
  region: 'Notices',
  dismiss: 'Dismiss',
  showNotifications: 'Show notifications',
  showNotificationsHint:
    'Beacon can tell you about new voicemail, messages and meetings while this tab is in the background.',
  notificationsOn: 'Notifications are on while this tab is in the background.',
  notificationsBlocked:
    'This browser blocks notifications from Beacon, so they show in the window instead.',
};
