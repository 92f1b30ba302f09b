import { SignJWT } from 'jose';

/** The HS256 secret every test server is configured with. */
export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

/** A user a test acts as. */
export interface TestUser {
  id: string;
  name: string;
}

/** Signs a host-site token for `user`, valid for `expiresIn` (a jose time span) unless told otherwise. */
export async function tokenFor(
  user: TestUser,
  options: { expiresIn?: string | number; secret?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  let jwt = new SignJWT({ name: user.name })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '1h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(options.secret ?? TEST_SECRET));
}

/** An unsigned token (`alg: none`) that a careless verifier would accept. */
export function unsignedToken(user: TestUser): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ sub: user.id, name: user.name, exp })}.`;
}
