import { SignJWT } from 'jose';

/** What the host's backend puts in a token it signs for Hearth. */
export interface TokenOptions {
  /** The HS256 secret the Hearth server is configured with (`HEARTH_JWT_SECRET`). */
  secret: string;
  /** Who the token speaks for: `sub` and `name` in the token. */
  user: { id: string; name: string };
  /** How long the token is valid, in seconds. */
  lifetimeSeconds: number;
  /** `iss`, when the server requires one (`HEARTH_JWT_ISSUER`). */
  issuer?: string | undefined;
  /** `aud`, when the server requires one (`HEARTH_JWT_AUDIENCE`). */
  audience?: string | undefined;
}

/**
 * Signs a Hearth token, as a site's backend does for its signed-in users: HS256 with the secret
 * shared with the Hearth server, `sub` and `name` for the user, and a short expiry. A short
 * lifetime is cheap because the SDK asks for a fresh token when the server closes the socket with
 * 4401 (expired), or answers a REST call with 401.
 *
 * @example
 * const token = await signBotToken({ secret, user: { id: 'bot_hearth', name: 'Hearth Bot' }, lifetimeSeconds: 600 });
 */
export async function signBotToken(options: TokenOptions): Promise<string> {
  let jwt = new SignJWT({ name: options.user.name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.user.id)
    .setIssuedAt()
    .setExpirationTime(`${options.lifetimeSeconds}s`);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret));
}
