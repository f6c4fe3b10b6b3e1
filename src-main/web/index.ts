/** The web shell: the renderer and the contract over HTTP + WebSocket on 127.0.0.1. */
export {
  DEFAULT_STATIC_DIR,
  startWebShell,
  type WebShell,
  type WebShellOptions,
} from './server.js';
export {
  ClientMessageSchema,
  ServerMessageSchema,
  MAX_COMMAND_ID_LENGTH,
  MAX_MESSAGE_BYTES,
  type ClientMessage,
  type ServerMessage,
} from './messages.js';
export { TOKEN_COOKIE } from './security.js';
