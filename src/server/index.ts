export { loadConfig, ConfigError, type ServerConfig } from './config.js';
export { startServer, SIGNALING_PATH, type MeetingServer } from './app.js';
export { createTokenVerifier, AuthError, type TokenVerifier, type TokenVerifierOptions } from './auth/token-verifier.js';
export { TokenClaimsSchema, type Identity } from './auth/token-claims.js';
export { mintToken } from './auth/dev-tokens.js';
export { WorkerPool, MediaUnavailableError, type WorkerPoolOptions } from './media/worker-pool.js';
export type { Store, JoinRecord } from './store/store.js';
