/** A contact's presence dot, in the same colours as my own; its meaning is read out as text. */
import type { Availability } from '../../../src-main/core/contract.js';

export function PresenceDot({
  availability,
  label,
}: {
  availability: Availability;
  label: string;
}): React.JSX.Element {
  return (
    <>
      <span className={`dot presence-${availability}`} aria-hidden="true" />
      <span className="sr-only">{label}</span>
    </>
  );
}
