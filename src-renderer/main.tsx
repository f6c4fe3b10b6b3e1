/** Entry point: choose the bridge, build the store, render the window in its language. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { chooseBridge } from './bridge/index.js';
import { installEscapeHidesWindow } from './bridge/escape-hides-window.js';
import { createAppStore } from './store/app-store.js';
import { AppStoreContext } from './store/context.js';
import { LocaleRoot } from './store/LocaleRoot.js';
import './styles/app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');

const bridge = chooseBridge();
if (bridge.windowControls !== undefined) installEscapeHidesWindow(document, bridge.windowControls);
const store = createAppStore(bridge);

createRoot(root).render(
  <StrictMode>
    <AppStoreContext value={store}>
      <LocaleRoot languages={navigator.languages}>
        <App />
      </LocaleRoot>
    </AppStoreContext>
  </StrictMode>,
);
