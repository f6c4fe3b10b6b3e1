/** The one place that chooses the Bridge: the Electron preload's when present, else the socket. */
import type { Bridge } from './bridge.js';
import { dropTokenFromAddress } from './drop-token.js';
import { browserPage, createWebSocketBridge, socketUrl } from './websocket-bridge.js';

export function chooseBridge(): Bridge {
  if (window.beacon !== undefined) return window.beacon;
  dropTokenFromAddress(window);
  return createWebSocketBridge(socketUrl(window.location), browserPage(window));
}

export type { Bridge } from './bridge.js';
