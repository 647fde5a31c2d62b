// The heavy parts of the core, each loaded on first use: media (mediasoup-client) when a
// meeting is joined, end-to-end encryption (@noble/ciphers) when chat keys are made. Every
// use of them goes through these loaders, so importing the client or the chat pulls neither
// package in statically: a bundler splits each into a chunk of its own, and the script tag
// fetches it as one. Only types may be imported from those modules elsewhere (`import type`).

/** The media code: the mediasoup-client Device and its transports. */
export type MediaModule = typeof import('./media/sfu-connection.js');

/** The end-to-end encryption code: session keys and the per-join encryption session. */
export type E2eeModule = typeof import('./e2ee/index.js');

/** Loads the media code (mediasoup-client). */
export function loadMedia(): Promise<MediaModule> {
  return import('./media/sfu-connection.js');
}

/** Loads the end-to-end encryption code (@noble/ciphers). */
export function loadE2ee(): Promise<E2eeModule> {
  return import('./e2ee/index.js');
}
