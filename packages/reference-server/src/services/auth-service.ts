import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import type { Config } from '../config.js';
import { newId } from '../domain/ids.js';
import type { User } from '../domain/types.js';
import { ChatError, ErrorCode } from './chat-error.js';
import { cleanDisplayName, guestName } from './display-name.js';
import { isStorable } from './text-rules.js';

/** The issuer of the tokens this server hands to guests. */
export const GUEST_ISSUER = 'hearth-guest';

const GUEST_TOKEN_LIFETIME_S = 12 * 60 * 60;
const HOST_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'ES256', 'ES384', 'EdDSA'];

/** What the auth service needs: how host tokens are verified, guest mode, and where the guest key is kept. */
export type AuthOptions = Pick<Config, 'auth' | 'guest' | 'dataDir'>;

/** A verified token: who it speaks for and when it stops being valid. */
export interface Identity {
  user: User;
  /** Expiry in milliseconds since the epoch. */
  expiresAt: number;
}

/** A token issued to a guest. */
export interface GuestToken extends Identity {
  token: string;
}

/** Verifies the tokens of the host site (HS256 secret or JWKS) and issues guest tokens. */
export interface AuthService {
  verify(token: string | undefined): Promise<Identity>;
  issueGuest(name: string): Promise<GuestToken>;
}

/**
 * The guest key is derived from the host secret, so a guest token can never pass as a host token;
 * without a host secret it is generated once and kept in the data directory, so guest tokens
 * outlive a restart.
 */
function guestKey(config: AuthOptions): Uint8Array {
  if (config.auth.secret) return createHmac('sha256', config.auth.secret).update(GUEST_ISSUER).digest();
  const file = path.join(config.dataDir, 'guest-secret');
  if (!existsSync(file)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return new TextEncoder().encode(readFileSync(file, 'utf8').trim());
}

const unauthorized = (message: string) => new ChatError(ErrorCode.unauthorized, message);

function userFromClaims(claims: Record<string, unknown>): User {
  const { sub, name, avatar } = claims;
  // An id that storage could not keep as given (a lone surrogate, NUL) would name another user, or none.
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > 64 || !isStorable(sub)) {
    throw unauthorized('token has no valid sub claim');
  }
  // Cleaned, never refused: see cleanDisplayName. A name with nothing visible left falls back to the id.
  const displayName = (typeof name === 'string' && cleanDisplayName(name)) || sub;
  const avatarUrl = typeof avatar === 'string' && /^https?:\/\//.test(avatar) ? avatar : null;
  return { id: sub, name: displayName, avatarUrl };
}

/**
 * Creates the auth service for a configuration.
 *
 * @example
 * const auth = createAuthService(config);
 * const { user } = await auth.verify(bearerToken);
 */
export function createAuthService(config: AuthOptions): AuthService {
  const hostSecret = config.auth.secret ? new TextEncoder().encode(config.auth.secret) : undefined;
  const jwks = config.auth.jwksUrl ? createRemoteJWKSet(new URL(config.auth.jwksUrl)) : undefined;
  const guestSecret = config.guest ? guestKey(config) : undefined;

  async function verifyClaims(token: string): Promise<Record<string, unknown>> {
    let header: ReturnType<typeof decodeProtectedHeader>;
    let issuer: unknown;
    try {
      header = decodeProtectedHeader(token);
      issuer = decodeJwt(token).iss;
    } catch {
      throw unauthorized('token is not a JWT');
    }
    const required = { requiredClaims: ['sub', 'exp'] };
    if (issuer === GUEST_ISSUER) {
      if (!guestSecret) throw unauthorized('guest tokens are not accepted by this server');
      return (await jwtVerify(token, guestSecret, { ...required, algorithms: ['HS256'], issuer: GUEST_ISSUER })).payload;
    }
    const claims = { ...required, issuer: config.auth.issuer, audience: config.auth.audience };
    if (header.alg === 'HS256' && hostSecret) {
      return (await jwtVerify(token, hostSecret, { ...claims, algorithms: ['HS256'] })).payload;
    }
    if (jwks && header.alg && HOST_ALGORITHMS.includes(header.alg)) {
      return (await jwtVerify(token, jwks, { ...claims, algorithms: HOST_ALGORITHMS })).payload;
    }
    throw unauthorized(`token algorithm ${String(header.alg)} is not accepted`);
  }

  return {
    async verify(token) {
      if (!token) throw unauthorized('a bearer token is required');
      try {
        const claims = await verifyClaims(token);
        return { user: userFromClaims(claims), expiresAt: Number(claims.exp) * 1000 };
      } catch (error) {
        if (error instanceof ChatError) throw error;
        if (error instanceof errors.JWTExpired) throw unauthorized('token expired');
        if (error instanceof errors.JOSEError) throw unauthorized(`token rejected: ${error.code}`);
        throw error;
      }
    },
    async issueGuest(name) {
      if (!guestSecret) throw new ChatError(ErrorCode.forbidden, 'guest mode is off on this server');
      const user: User = { id: newId('g'), name: guestName(name), avatarUrl: null };
      const expiresAt = (Math.floor(Date.now() / 1000) + GUEST_TOKEN_LIFETIME_S) * 1000;
      const token = await new SignJWT({ name: user.name })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(user.id)
        .setIssuer(GUEST_ISSUER)
        .setIssuedAt()
        .setExpirationTime(expiresAt / 1000)
        .sign(guestSecret);
      return { token, user, expiresAt };
    },
  };
}
