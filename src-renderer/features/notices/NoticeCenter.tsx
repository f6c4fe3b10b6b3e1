/**
 * Notices the web shell sends (new voicemail, messages, meetings about to start): a browser
 * notification while the tab is hidden and notifications are allowed, a toast in the window
 * otherwise. A toast is a status line with its words as text, its action (Play, Join) and a
 * dismiss button; clicking the notice opens its place (the voicemail, the conversation, the agenda).
 */
import { useEffect, useRef, useState } from 'react';
import type { OpenView } from '../../../src-main/core/notices/open-view.js';
import type { PageNotice } from '../../bridge/bridge.js';
import { useApp, useMessages } from '../../store/context.js';
import { TOAST_MS, clickTarget, noticeRoute, withToast } from './notice-route.js';
import '../../styles/notices.css';

function permission(): string | undefined {
  return typeof Notification === 'undefined' ? undefined : Notification.permission;
}

export function NoticeCenter(): React.JSX.Element | null {
  const t = useMessages();
  const notices = useApp((s) => s.notices);
  const openView = useApp((s) => s.openView);
  const run = useApp((s) => s.run);
  const [toasts, setToasts] = useState<PageNotice[]>([]);
  const handled = useRef(new Set<string>());
  const timers = useRef(new Map<string, number>());

  const dismiss = (id: string): void => {
    const timer = timers.current.get(id);
    if (timer !== undefined) window.clearTimeout(timer);
    timers.current.delete(id);
    setToasts((list) => list.filter((toast) => toast.id !== id));
  };

  const perform = (target: OpenView, id: string): void => {
    dismiss(id);
    openView(target);
  };

  useEffect(() => {
    for (const notice of notices) {
      if (handled.current.has(notice.id)) continue;
      handled.current.add(notice.id);
      const route = noticeRoute({
        hidden: document.visibilityState === 'hidden',
        permission: permission(),
      });
      if (route === 'system') {
        const shown = new Notification(notice.title, { body: notice.body, tag: notice.id });
        shown.onclick = () => {
          window.focus();
          shown.close();
          openView(notice.action);
        };
        continue;
      }
      setToasts((list) => withToast(list, notice));
      timers.current.set(
        notice.id,
        window.setTimeout(() => {
          dismiss(notice.id);
        }, TOAST_MS),
      );
    }
  }, [notices]);

  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending.values()) window.clearTimeout(timer);
    };
  }, []);

  if (toasts.length === 0) return null;
  return (
    <section className="toasts" aria-label={t.notices.region} data-testid="toasts">
      {toasts.map((toast) => (
        <div key={toast.id} className="toast" role="status" data-kind={toast.kind}>
          <button
            type="button"
            className="toast-open"
            onClick={() => {
              perform(clickTarget(toast), toast.id);
            }}
          >
            <span className="toast-title" dir="auto">
              {toast.title}
            </span>
            <span className="toast-body" dir="auto">
              {toast.body}
            </span>
          </button>
          {toast.actionLabel !== undefined && (
            <button
              type="button"
              className="button button-primary toast-action"
              onClick={() => {
                if (toast.join !== undefined) {
                  dismiss(toast.id);
                  void run('join', { type: 'open-join-link', itemId: toast.join });
                } else perform(toast.action, toast.id);
              }}
            >
              {toast.actionLabel}
            </button>
          )}
          <button
            type="button"
            className="button button-quiet toast-dismiss"
            aria-label={t.notices.dismiss}
            title={t.notices.dismiss}
            onClick={() => {
              dismiss(toast.id);
            }}
          >
            <span aria-hidden="true">×</span>
          </button>
        </div>
      ))}
    </section>
  );
}
