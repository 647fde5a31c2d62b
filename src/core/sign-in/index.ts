export { SignInClient, SignInError } from './sign-in-client.js';
export type { SignInClientOptions, SignInEvents, SignInFailure, SignInFetch, SignInState, SignInStep } from './sign-in-client.js';
export type { SignInChannel, SignInSession, SignedInUser } from '../../protocol/sign-in-types.js';
