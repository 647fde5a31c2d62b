import { createRemoteJWKSet, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import * as v from 'valibot';
import type { ErrorCode } from '../../protocol/index.js';
import { TokenClaimsSchema, type Identity } from './token-claims.js';

/** A token was refused. `code` is the protocol error code sent to the client. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: Extract<ErrorCode, `token_${string}`>;

  constructor(code: AuthError['code'], message: string, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
  }
}

/** How tokens are checked: an HS256 shared secret, a JWKS URL, or both. */
export interface TokenVerifierOptions {
  secret?: string | undefined;
  jwksUrl?: string | undefined;
  issuer?: string | undefined;
  audience?: string | undefined;
  /** Allowed clock skew in seconds (default 30). */
  clockToleranceSeconds?: number;
}

/** Verifies host-signed tokens and turns them into an {@link Identity}. */
export interface TokenVerifier {
  /**
   * Resolves the identity of `token` for `meeting`. Rejects with {@link AuthError}:
   * `token_missing`, `token_invalid`, `token_expired` or `token_wrong_meeting`.
   */
  verify(token: string | undefined, meeting: string): Promise<Identity>;
  /**
   * Resolves the identity of `token` whatever meeting it names, for APIs about a user's own
   * data (meeting records). Rejects like verify() except for `token_wrong_meeting`.
   */
  identify(token: string | undefined): Promise<Identity>;
}

const ASYMMETRIC_ALGORITHMS = ['EdDSA', 'ES256', 'ES384', 'RS256', 'RS384', 'RS512', 'PS256'];

/** Creates a {@link TokenVerifier}. At least one of `secret` and `jwksUrl` is required. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const secret = options.secret === undefined ? undefined : new TextEncoder().encode(options.secret);
  const jwks: JWTVerifyGetKey | undefined =
    options.jwksUrl === undefined ? undefined : createRemoteJWKSet(new URL(options.jwksUrl));
  if (secret === undefined && jwks === undefined) {
    throw new TypeError('createTokenVerifier() needs "secret" or "jwksUrl"');
  }
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    clockTolerance: options.clockToleranceSeconds ?? 30,
    requiredClaims: ['exp', 'sub'],
  };

  async function verifySignature(token: string) {
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch (cause) {
      throw new AuthError('token_invalid', 'token is not a JWT', { cause });
    }
    if (alg === 'HS256' && secret !== undefined) {
      return jwtVerify(token, secret, { ...verifyOptions, algorithms: ['HS256'] });
    }
    if (alg !== undefined && ASYMMETRIC_ALGORITHMS.includes(alg) && jwks !== undefined) {
      return jwtVerify(token, jwks, { ...verifyOptions, algorithms: ASYMMETRIC_ALGORITHMS });
    }
    throw new AuthError('token_invalid', `token algorithm "${String(alg)}" is not accepted`);
  }

  async function identify(token: string | undefined): Promise<Identity> {
    if (token === undefined || token === '') {
      throw new AuthError('token_missing', 'a token is required');
    }
    let payload: unknown;
    try {
      ({ payload } = await verifySignature(token));
    } catch (error) {
      if (error instanceof AuthError) throw error;
      if (error instanceof joseErrors.JWTExpired) {
        throw new AuthError('token_expired', 'token has expired', { cause: error });
      }
      throw new AuthError('token_invalid', 'token signature or claims are not valid', { cause: error });
    }
    const claims = v.safeParse(TokenClaimsSchema, payload);
    if (!claims.success) {
      const issue = claims.issues[0];
      const where = issue?.path?.map((item) => String(item.key)).join('.') ?? 'claims';
      throw new AuthError('token_invalid', `token claim ${where}: ${issue?.message ?? 'invalid'}`);
    }
    const { sub, name, avatar, meeting, role, exp, topic } = claims.output;
    return { userId: sub, displayName: name, avatarUrl: avatar, meeting, role, expiresAt: exp, topic: topic || undefined };
  }

  return {
    identify,
    async verify(token, meeting) {
      const identity = await identify(token);
      if (identity.meeting !== meeting) {
        throw new AuthError('token_wrong_meeting', 'token was issued for another meeting');
      }
      return identity;
    },
  };
}
