/** A failed command's message, its typed code (for tests and styling) and the core's issues. */
import type { ActionState } from '../../store/app-store.js';
import { useMessages } from '../../store/context.js';

export function CommandError({
  action,
  testId,
  describeIssue,
}: {
  action: ActionState;
  testId?: string;
  /** Turns an issue path into the words the user sees for that field; the path when absent. */
  describeIssue?: (path: string) => string | undefined;
}): React.JSX.Element | null {
  const t = useMessages();
  if (action.error === undefined) return null;
  const issues = action.issues ?? [];
  return (
    <div className="error" role="alert" data-testid={testId} data-code={action.code}>
      <p>{issues.length === 0 ? t.commandFailed(action.error) : t.settings.notSaved}</p>
      {issues.length > 0 && (
        <ul>
          {issues.map((issue) => {
            const label = describeIssue?.(issue.path) ?? issue.path;
            return (
              <li key={`${issue.path}:${issue.message}`}>
                {label === '' ? issue.message : `${label}: ${issue.message}`}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
