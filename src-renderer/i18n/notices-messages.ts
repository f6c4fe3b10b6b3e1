/** The catalogue's section for notices in the window (toasts) and the browser's notifications. */
export interface NoticesMessages {
  /** The toasts' region, for screen readers. */
  region: string;
  dismiss: string;
  /** Settings (browser only): asks the browser for permission to notify. */
  showNotifications: string;
  showNotificationsHint: string;
  notificationsOn: string;
  notificationsBlocked: string;
}
