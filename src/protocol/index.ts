export * from './errors.js';
export * from './close-codes.js';
export * from './messages.js';
export * from './validate.js';
export * from './masking.js';
export * from './rtp.js';
export * from './bounded-json.js';
export type * from './records.js';
export * from './sign-in.js';
