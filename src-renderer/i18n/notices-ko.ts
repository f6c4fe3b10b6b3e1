/** Korean: notices. */
import type { NoticesMessages } from './notices-messages.js';

export const noticesKo: NoticesMessages = {
  region: '알림 목록',
  dismiss: '닫기',
  showNotifications: '알림 표시',
  showNotificationsHint:
    '이 탭이 백그라운드에 있을 때 새 음성 메시지, 메시지, 회의를 알려 드릴 수 있습니다.',
  notificationsOn: '이 탭이 백그라운드에 있을 때 알림이 표시됩니다.',
  notificationsBlocked: '이 브라우저가 Beacon의 알림을 차단하여 창 안에 표시합니다.',
};
