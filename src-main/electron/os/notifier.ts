/**
 * Shows the core's notices as OS notifications. Each notification is kept referenced until it
 * closes: one that is garbage-collected loses its click. A click opens Beacon; the Join button
 * (where the OS shows buttons) opens the meeting through the core; Play on a new voicemail shows it.
 * The window is told the place a click opens (a message's conversation, a voicemail, the agenda).
 */
import { withoutBidiControls } from '../../core/plain-text.js';
import { noticeView, type OpenView } from '../../core/notices/open-view.js';
import type { Notice } from '../../core/reminders/index.js';
import type { ElectronPlatform, NotificationPort } from '../platform.js';

export interface NoticeText {
  title: string;
  body: string;
  actionLabel?: string;
}

export interface NotifierDeps {
  electron: Pick<ElectronPlatform, 'createNotification' | 'notificationsSupported'>;
  text: (notice: Notice) => NoticeText;
  onOpen: () => void;
  onJoin: (itemId: string) => void;
  /** Play on a new voicemail's notice: the window shows it and its audio is fetched. */
  onPlayVoicemail?: (itemId: string) => void;
  /** After `onOpen`, a click tells the window what to open (the message's conversation…). */
  onOpenView?: (view: OpenView) => void;
  iconPath?: string;
}

export interface Notifier {
  show(notice: Notice): void;
  /** Notifications still on screen (kept referenced). */
  liveCount(): number;
  closeAll(): void;
}

export function createNotifier(deps: NotifierDeps): Notifier {
  const live = new Set<NotificationPort>();

  return {
    show(notice) {
      if (!deps.electron.notificationsSupported()) return;
      const text = deps.text(notice);
      const joinItem =
        notice.kind === 'meeting-soon' && notice.joinable ? notice.itemId : undefined;
      const playItem =
        notice.kind === 'voicemail' && notice.playable === true && deps.onPlayVoicemail
          ? notice.itemId
          : undefined;
      // The OS cannot isolate Exchange's text: no bidirectional control reaches it.
      const notification = deps.electron.createNotification({
        title: withoutBidiControls(text.title),
        body: withoutBidiControls(text.body),
        silent: false,
        ...(deps.iconPath === undefined ? {} : { icon: deps.iconPath }),
        ...((joinItem ?? playItem) !== undefined && text.actionLabel !== undefined
          ? { actions: [{ type: 'button' as const, text: text.actionLabel }] }
          : {}),
      });
      live.add(notification);
      const forget = (): void => {
        live.delete(notification);
      };
      notification.on('click', () => {
        forget();
        deps.onOpen();
        deps.onOpenView?.(noticeView(notice));
      });
      notification.on('action', (details) => {
        forget();
        if (details.actionIndex !== 0) return;
        if (joinItem !== undefined) deps.onJoin(joinItem);
        else if (playItem !== undefined) {
          deps.onPlayVoicemail?.(playItem);
          deps.onOpenView?.(noticeView(notice, true));
        }
      });
      notification.on('close', forget);
      notification.on('failed', forget);
      notification.show();
    },
    liveCount: () => live.size,
    closeAll() {
      for (const notification of live) notification.close();
      live.clear();
    },
  };
}
