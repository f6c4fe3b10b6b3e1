/** Desktop only: keeps the tray window open when it loses focus (the shell owns the state). */
import { useApp, useMessages } from '../../store/context.js';

export function PinButton(): React.JSX.Element | null {
  const t = useMessages();
  const pinned = useApp((s) => s.pinned);
  const setPinned = useApp((s) => s.setPinned);
  if (pinned === undefined) return null;
  return (
    <button
      type="button"
      className="button button-quiet pin-button"
      aria-pressed={pinned}
      aria-label={t.keepOpen}
      title={t.keepOpen}
      onClick={() => {
        setPinned(!pinned);
      }}
    >
      <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
        <path d="M6 1h4v1l-1 1v4l2 2v1H8.5v5h-1v-5H5V9l2-2V3L6 2z" />
      </svg>
    </button>
  );
}
