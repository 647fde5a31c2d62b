import { SignJWT } from 'jose';
import * as v from 'valibot';
import { MeetingIdSchema, RoleSchema } from '../../protocol/index.js';

/** Body of `POST /api/dev/token`. */
export const DevTokenRequestSchema = v.strictObject({
  meeting: MeetingIdSchema,
  name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(100)),
  role: v.optional(RoleSchema, 'host'),
  userId: v.optional(v.pipe(v.string(), v.minLength(1), v.maxLength(256))),
  topic: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(200))),
});

/** What the development token endpoint accepts. */
export type DevTokenRequest = v.InferInput<typeof DevTokenRequestSchema>;

/**
 * Mints an HS256 token exactly as a host application's backend would, for the demo page
 * and tests. Only reachable over HTTP when development tokens are enabled.
 */
export async function mintToken(
  secret: string,
  claims: { userId: string; name: string; meeting: string; role: 'host' | 'participant'; avatar?: string; topic?: string },
  options: { ttlSeconds?: number; issuer?: string | undefined; audience?: string | undefined } = {},
): Promise<string> {
  const jwt = new SignJWT({
    name: claims.name,
    meeting: claims.meeting,
    role: claims.role,
    ...(claims.avatar === undefined ? {} : { avatar: claims.avatar }),
    ...(claims.topic === undefined || claims.topic === '' ? {} : { topic: claims.topic }),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.userId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + (options.ttlSeconds ?? 3600));
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
