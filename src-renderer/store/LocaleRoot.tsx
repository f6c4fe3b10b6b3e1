/**
 * Gives the window its language and its one Formatter from the language setting in the Snapshot
 * (else the browser's languages), and keeps <html lang> and the title in step: changing the
 * setting switches the whole window at once.
 */
import { useEffect, useMemo } from 'react';
import { createFormatter, viewerTimeZone } from '../format/formatter.js';
import { FormatContext, MessagesContext, useApp } from './context.js';
import { chooseLocale } from './locale.js';

export function LocaleRoot({
  languages,
  children,
}: {
  languages: readonly string[];
  children: React.ReactNode;
}): React.JSX.Element {
  const setting = useApp((s) => s.snapshot?.settings.locale);
  const { messages, formatLocale } = useMemo(
    () => chooseLocale(setting, languages),
    [setting, languages],
  );
  const formatter = useMemo(() => createFormatter(formatLocale, viewerTimeZone()), [formatLocale]);
  useEffect(() => {
    document.documentElement.lang = messages.lang;
    document.title = messages.appTitle;
  }, [messages]);
  return (
    <MessagesContext value={messages}>
      <FormatContext value={formatter}>{children}</FormatContext>
    </MessagesContext>
  );
}
