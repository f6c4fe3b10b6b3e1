/** Entry point: choose the bridge, build the store, pick the catalogue, render. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { chooseBridge } from './bridge/index.js';
import { installEscapeHidesWindow } from './bridge/escape-hides-window.js';
import { catalogueFor } from './i18n/index.js';
import { createAppStore } from './store/app-store.js';
import { AppStoreContext, MessagesContext } from './store/context.js';
import './styles/app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

const messages = catalogueFor(navigator.languages);
document.title = messages.appTitle;
document.documentElement.lang = messages.lang;
const bridge = chooseBridge();
if (bridge.windowControls !== undefined) installEscapeHidesWindow(document, bridge.windowControls);
const store = createAppStore(bridge);

createRoot(root).render(
  <StrictMode>
    <AppStoreContext value={store}>
      <MessagesContext value={messages}>
        <App />
      </MessagesContext>
    </AppStoreContext>
  </StrictMode>,
);
