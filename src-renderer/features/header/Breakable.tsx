/** Text holding addresses, with break opportunities (<wbr>) where an address may wrap. */
import { Fragment } from 'react';
import { addressParts } from './address-breaks.js';

export function Breakable({ text }: { text: string }): React.JSX.Element {
  const parts = addressParts(text);
  return (
    <>
      {parts.map((part, index) => (
        // The parts of one string never reorder, so their index is a stable key.
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
