/**
 * Untrusted plain text (a caller's name, a transcript) shown as text and isolated for bidi: a
 * right-to-left name cannot reorder the words around it. React escapes the text; nothing here
 * is ever parsed as HTML.
 */
export function Isolated({
  text,
  className,
  as = 'span',
}: {
  text: string;
  className?: string;
  as?: 'span' | 'p';
}): React.JSX.Element {
  const Tag = as;
  return (
    <Tag dir="auto" className={className === undefined ? 'isolated' : `isolated ${className}`}>
      {text}
    </Tag>
  );
}
