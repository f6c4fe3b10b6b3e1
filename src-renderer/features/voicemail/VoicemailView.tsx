/** Voicemail's place in the window: honest about having nothing yet, never sample messages. */
import { useMessages } from '../../store/context.js';

export function VoicemailView(): React.JSX.Element {
  const t = useMessages();
  return (
    <div className="empty-state" data-testid="voicemail-empty">
      <p className="empty-title">{t.views.voicemailEmpty}</p>
      <p className="muted">{t.views.voicemailWhy}</p>
    </div>
  );
}
