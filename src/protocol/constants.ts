// The protocol's plain constants, apart from its schemas: a browser module that needs one of
// them (a first script that paints before the client loads) does not take the schemas along.

/** Version of the signaling protocol; sent by the client in `hello` and echoed by the server. */
export const PROTOCOL_VERSION = 1;

/** Reactions anyone may send. A fixed set: no free text travels this way. */
export const REACTIONS = ['👍', '👏', '😂', '❤️', '🎉', '😮'] as const;
