/**
 * Text from IM or Exchange (a name, a note, a message): plain text in its own direction, isolated
 * from what surrounds it, so a right-to-left name or a stray direction mark cannot reorder the
 * window's own words. Never HTML: React puts it in a text node.
 */
export function Isolated({
  text,
  className,
}: {
  text: string;
  className?: string;
}): React.JSX.Element {
  return (
    <span dir="auto" className={className === undefined ? 'isolated' : `isolated ${className}`}>
      {text}
    </span>
  );
}
