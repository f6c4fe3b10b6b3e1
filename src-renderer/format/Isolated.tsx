/**
 * Text from Exchange or IM (a subject, a place, a name, a note) shown isolated: its direction is
 * its own (`dir="auto"`) and nothing in it, a right-to-left override included, can reorder the
 * words around it (`<bdi>` is `unicode-bidi: isolate`). Not translated: it is the sender's text.
 */
export function Isolated({
  children,
  className,
}: {
  children: React.ReactNode;
  className?: string;
}): React.JSX.Element {
  return (
    <bdi dir="auto" translate="no" className={className}>
      {children}
    </bdi>
  );
}
