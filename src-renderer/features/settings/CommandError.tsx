/**
 * A failed settings command in words: what the core found wrong with each field, said with the
 * field's label, or a plain sentence. Never the core's own message, which names contract fields.
 */
import type { ActionState } from '../../store/app-store.js';
import { useMessages } from '../../store/context.js';

export function CommandError({
  action,
  testId,
  describeIssue,
}: {
  action: ActionState;
  testId?: string;
  /** Says what is wrong with the field an issue is about; undefined for issues it does not know. */
  describeIssue?: (path: string) => string | undefined;
}): React.JSX.Element | null {
  const t = useMessages();
  if (action.error === undefined) return null;
  const lines = (action.issues ?? [])
    .map((issue) => describeIssue?.(issue.path))
    .filter((line) => line !== undefined);
  const unique = [...new Set(lines)];
  return (
    <div className="error" role="alert" data-testid={testId} data-code={action.code}>
      <p>{unique.length === 0 ? t.settings.saveFailed : t.settings.notSaved}</p>
      {unique.length > 0 && (
        <ul>
          {unique.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
