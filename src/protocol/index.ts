export * from './errors.js';
export * from './messages.js';
export * from './validate.js';
export * from './masking.js';
export type * from './records.js';
