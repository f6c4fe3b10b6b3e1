/**
 * Where a notice from the web shell shows: a browser notification when the page is hidden and the
 * user allowed them, otherwise a toast in the window. At most three toasts are stacked (the oldest
 * goes), and each goes by itself after a while. Pure.
 */
import type { OpenView } from '../../../src-main/core/notices/open-view.js';
import type { PageNotice } from '../../bridge/bridge.js';

export const MAX_TOASTS = 3;
export const TOAST_MS = 8_000;

export type NoticeRoute = 'system' | 'toast';

export function noticeRoute(page: {
  hidden: boolean;
  /** `Notification.permission`; undefined where the browser has no notifications. */
  permission: string | undefined;
}): NoticeRoute {
  return page.hidden && page.permission === 'granted' ? 'system' : 'toast';
}

/** The stack with `notice` on top: the oldest beyond MAX_TOASTS goes; an id shown is not added again. */
export function withToast(toasts: readonly PageNotice[], notice: PageNotice): PageNotice[] {
  if (toasts.some((t) => t.id === notice.id)) return [...toasts];
  return [...toasts, notice].slice(-MAX_TOASTS);
}

/**
 * What a click on the notice itself opens: its place, without starting a voicemail (Play, its
 * button, does that).
 */
export function clickTarget(notice: PageNotice): OpenView {
  return notice.action.view === 'voicemail' ? { ...notice.action, play: false } : notice.action;
}
