/**
 * The head of a view that replaces the content (Settings, automatic replies): Back and the view's
 * title. The title takes focus when the view opens, so a keyboard or screen-reader user lands in
 * the view rather than on a control that has gone.
 */
import { useEffect, useRef } from 'react';

export function ViewHead({
  titleId,
  title,
  backLabel,
  onBack,
}: {
  titleId: string;
  title: string;
  backLabel: string;
  onBack: () => void;
}): React.JSX.Element {
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    heading.current?.focus();
  }, []);

  return (
    <div className="view-head">
      <button type="button" className="button button-quiet back" onClick={onBack}>
        <span aria-hidden="true">‹ </span>
        {backLabel}
      </button>
      <h2 id={titleId} ref={heading} tabIndex={-1}>
        {title}
      </h2>
    </div>
  );
}
