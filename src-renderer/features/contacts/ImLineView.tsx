/**
 * The chat connection above the roster when it is not online: "Sign in to chat" (to Settings),
 * "Chat is offline — retrying at 14:05", or why it failed, in words.
 */
import type { ImStatus } from '../../../src-main/core/contract.js';
import { useFormat, useMessages } from '../../store/context.js';
import { imLine } from './contact-lines.js';

export function ImLineView({
  im,
  onOpenSettings,
}: {
  im: ImStatus;
  onOpenSettings: () => void;
}): React.JSX.Element | null {
  const t = useMessages();
  const format = useFormat();
  const line = imLine(im, t, format);
  if (line.kind === 'none') return null;
  return (
    <div className={`im-line im-line-${line.kind}`} data-testid="im-line" data-state={im.state}>
      <p role={line.kind === 'failed' ? 'alert' : 'status'}>{line.text}</p>
      {(line.kind === 'sign-in' || line.kind === 'failed') && (
        <button type="button" className="button" onClick={onOpenSettings}>
          {t.contacts.signInToChat}
        </button>
      )}
    </div>
  );
}
