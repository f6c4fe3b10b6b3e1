/** From the signed-out state: back to the demo mailbox (the user's choice, never automatic). */
import { useApp, useMessages } from '../../store/context.js';
import { commandFailureSentence } from './sign-in-text.js';

export function UseDemoButton(): React.JSX.Element {
  const t = useMessages();
  const run = useApp((s) => s.run);
  const action = useApp((s) => s.actions['use-demo']);
  // Opening the demo mailbox failed: its sentences speak of no password and no typed address.
  const error = commandFailureSentence(action, t, 'demo');
  return (
    <div className="panel-actions">
      <button
        type="button"
        className="button"
        disabled={action.pending}
        aria-busy={action.pending}
        onClick={() => {
          void run('use-demo', { type: 'use-demo' });
        }}
      >
        {action.pending ? t.signIn.usingDemo : t.signIn.useDemo}
      </button>
      {error !== undefined && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
