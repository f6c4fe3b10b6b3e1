/** The one place that chooses the Bridge: the Electron preload's when present, else the socket. */
import type { Bridge } from './bridge.js';
import { browserPage, createWebSocketBridge, socketUrl } from './websocket-bridge.js';

export function chooseBridge(): Bridge {
  return window.beacon ?? createWebSocketBridge(socketUrl(window.location), browserPage(window));
}

export type { Bridge } from './bridge.js';
