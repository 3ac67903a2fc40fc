import { randomUUID } from 'node:crypto';
import { Gateway, Session, bearer, expectProblem, signUp, startGateway } from './gateway';
import { base64url, claimsOf, decodePayload, signJwt } from './jwt';

const CURRENT_USER = '/v1/users/auth/current_user';

describe('access tokens on GET /v1/users/auth/current_user', () => {
  let gateway: Gateway;
  let session: Session;
  let claims: Record<string, unknown>;

  beforeAll(async () => {
    gateway = await startGateway();
    session = await signUp(gateway);
    claims = decodePayload(session.access_token);
  });

  afterAll(async () => {
    await gateway.close();
  });

  const currentUser = (headers: Record<string, string> = {}) => gateway.request('GET', CURRENT_USER, { headers });

  it('answers 200 to a token the gateway issued', async () => {
    const reply = await currentUser(bearer(session.access_token));

    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe(session.id);
  });

  it("answers 200 to a token signed here with the gateway's secret and claims", async () => {
    const reply = await currentUser(bearer(signJwt(claimsOf(claims))));

    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe(session.id);
  });

  it('answers 401 naming the Authorization header when no credential is sent', async () => {
    const problem = expectProblem(await currentUser(), 401);

    expect(problem.detail).toContain('Authorization');
  });

  it('answers 401 when the token has expired, saying so', async () => {
    const past = Math.floor(Date.now() / 1000) - 3600;
    const token = signJwt(claimsOf(claims, { iat: past - 900, exp: past }));

    const problem = expectProblem(await currentUser(bearer(token)), 401);

    expect(problem.detail).toMatch(/expired/);
  });

  it('answers 401 to a token it accepted before, once the token has expired', async () => {
    const token = signJwt(claimsOf(claims, { exp: Math.floor(Date.now() / 1000) + 2 }));
    expect((await currentUser(bearer(token))).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 2_100));

    expect(expectProblem(await currentUser(bearer(token)), 401).detail).toMatch(/expired/);
  });

  it.each([
    ['a garbage token', () => 'garbage'],
    ['a payload tampered to the admin role', () => tamper(session.access_token, { role: 'admin' })],
    ['a token signed with another secret', () => signJwt(claimsOf(claims), { secret: 'another-secret-that-is-at-least-32-characters' })],
    ['an alg none token', () => signJwt(claimsOf(claims), { alg: 'none' })],
    ['an HS512 token signed with the right secret', () => signJwt(claimsOf(claims), { alg: 'HS512' })],
    ['a token for another audience', () => signJwt(claimsOf(claims, { aud: 'another-api' }))],
    ['a token from another issuer', () => signJwt(claimsOf(claims, { iss: 'someone-else' }))],
    ['a token for a session that does not exist', () => signJwt(claimsOf(claims, { sid: randomUUID() }))],
    ['a token whose session belongs to another user', () => signJwt(claimsOf(claims, { sub: randomUUID() }))],
    ['a token whose session id is not a uuid', () => signJwt(claimsOf(claims, { sid: 'not-a-uuid' }))],
  ])('answers 401 to %s', async (_case, token) => {
    expectProblem(await currentUser(bearer(token())), 401);
  });

  it('answers 401 to a valid token sent with the Basic scheme', async () => {
    expectProblem(await currentUser({ authorization: `Basic ${session.access_token}` }), 401);
  });
});

function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...changes };
  return [header, base64url(claims), signature].join('.');
}
