/** React access to the app store and the message catalogue, provided once in main.tsx. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createFormatter, viewerTimeZone, type Formatter } from '../format/formatter.js';
import { en, type Messages } from '../i18n/index.js';
import type { AppState, AppStore } from './app-store.js';

export const AppStoreContext = createContext<AppStore | null>(null);
export const MessagesContext = createContext<Messages>(en);
/** The one Formatter of the window: the catalogue's locale and the viewer's zone. */
export const FormatContext = createContext<Formatter>(createFormatter('en', viewerTimeZone()));

export function useApp<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (store === null) throw new Error('useApp outside AppStoreContext');
  return useStore(store, selector);
}

export function useMessages(): Messages {
  return useContext(MessagesContext);
}

export function useFormat(): Formatter {
  return useContext(FormatContext);
}
