/**
 * A catalogue sentence that embeds text from Exchange or IM (a display name, an address): the
 * translator's words as they are, each embedded piece `<Isolated>` (its own direction, so a
 * right-to-left name cannot reorder the punctuation around it). `render` draws each text, e.g.
 * with break opportunities in addresses.
 */
import { Fragment } from 'react';
import { Isolated } from './Isolated.js';
import { sentenceParts } from './sentence-parts.js';

export function Sentence<Args extends readonly string[]>({
  message,
  args,
  render = (text) => text,
}: {
  message: (...args: Args) => string;
  args: Args;
  render?: (text: string) => React.ReactNode;
}): React.JSX.Element {
  return (
    <>
      {sentenceParts(message, args).map((part, index) =>
        // The parts of one sentence never reorder, so their index is a stable key.
        part.embedded ? (
          <Isolated key={index}>{render(part.text)}</Isolated>
        ) : (
          <Fragment key={index}>{render(part.text)}</Fragment>
        ),
      )}
    </>
  );
}
