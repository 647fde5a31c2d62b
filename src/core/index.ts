// The headless core (`we-meeting/core`): what a meeting page uses, and the creator's records client.
export * from './meeting-api.js';
export * from './records/index.js';
export * from './sign-in/index.js';
