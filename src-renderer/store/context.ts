/** React access to the app store and the message catalogue, provided once in main.tsx. */
import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { en, type Messages } from '../i18n/index.js';
import type { AppState, AppStore } from './app-store.js';

export const AppStoreContext = createContext<AppStore | null>(null);
export const MessagesContext = createContext<Messages>(en);

export function useApp<T>(selector: (state: AppState) => T): T {
  const store = useContext(AppStoreContext);
  if (store === null) throw new Error('useApp outside AppStoreContext');
  return useStore(store, selector);
}

export function useMessages(): Messages {
  return useContext(MessagesContext);
}
