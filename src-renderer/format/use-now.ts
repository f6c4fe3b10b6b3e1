/**
 * "Now" for components that show time-dependent state (the agenda's now marker, "until 10:10"
 * turning into "until Mon 10:10" at midnight): re-rendered at the start of every minute.
 */
import { useEffect, useState } from 'react';

const MINUTE_MS = 60_000;

export function useNow(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout>;
    const schedule = (): void => {
      timer = setTimeout(
        () => {
          setNow(Date.now());
          schedule();
        },
        MINUTE_MS - (Date.now() % MINUTE_MS) + 50,
      );
    };
    schedule();
    return () => {
      clearTimeout(timer);
    };
  }, []);
  return now;
}
