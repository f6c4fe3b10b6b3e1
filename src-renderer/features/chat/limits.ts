/**
 * The contract's chat limits, restated for the renderer (it may import only types from
 * src-main); a unit test holds them equal to the contract's.
 */
export const MAX_CHAT_MESSAGE_LENGTH = 10_000;
