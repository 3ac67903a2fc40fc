import { DataSource } from 'typeorm';
import { uuidV7 } from '@app/shared-kernel';
import { Gateway, Session, bearer, expectInvalidField, expectProblem, signUp, startGateway } from './gateway';

const SESSIONS = '/v1/messaging/sessions';
const QUIET = { start: '21:00', end: '08:00', timezone: 'Europe/Paris' };

describe('PATCH /v1/messaging/sessions/:id (pace, fallback) and the sending part of GET', () => {
  let gateway: Gateway;
  let owner: Session;
  let stranger: Session;

  beforeAll(async () => {
    gateway = await startGateway();
    [owner, stranger] = [await signUp(gateway), await signUp(gateway)];
  }, 30_000);

  afterAll(async () => {
    await gateway.close();
  });

  const call = (method: string, url: string, body?: unknown, who: Session = owner) => gateway.request(method, url, { body, headers: bearer(who.access_token) });
  // why: an active session row is all that pace and fallback need; connecting one goes through its provider.
  const smsLike = async (who: Session = owner, messenger = 'sms'): Promise<string> => {
    const id = uuidV7();
    await gateway.app.get(DataSource).query(
      `INSERT INTO messaging.messenger_sessions (id, owner_id, messenger, status, address, created_at, updated_at) VALUES ($1, $2, $3, 'active', '+12015550177', now(), now())`,
      [id, who.id, messenger],
    );
    return id;
  };
  const patch = (id: string, body: unknown, who: Session = owner) => call('PATCH', `${SESSIONS}/${id}`, body, who);

  it("sets the session's pace and fallback, shows them with its breaker on GET, and takes the messenger's defaults back on null", async () => {
    const [id, fallback] = [await smsLike(), await smsLike()];

    const reply = await patch(id, { pace: { per_minute: 6, jitter_ms: 2_000, daily_cap: 100, quiet_hours: QUIET }, fallback_session_id: fallback });

    const sending = {
      pace: { per_minute: 6, jitter_ms: 2_000, daily_cap: 100, quiet_hours: QUIET, custom: true },
      fallback_session_id: fallback,
      breaker: { state: 'closed', failures: 0, opened_at: null, probe_after: null },
    };
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ id, status: 'active', ...sending });
    expect((await call('GET', `${SESSIONS}/${id}`)).body).toMatchObject(sending);

    expect((await patch(id, { pace: { per_minute: 30 } })).body).toMatchObject({ pace: { per_minute: 30, jitter_ms: 0, daily_cap: null, quiet_hours: null, custom: true }, fallback_session_id: fallback });
    expect((await patch(id, { pace: null, fallback_session_id: null })).body).toMatchObject({ pace: { per_minute: 60, jitter_ms: 0, daily_cap: null, custom: false }, fallback_session_id: null });
  });

  it.each([
    [{ pace: { per_minute: 0 } }, 'pace.per_minute'],
    [{ pace: { per_minute: 'fast' } }, 'pace.per_minute'],
    [{ pace: { per_minute: 60_001 } }, 'pace.per_minute'],
    [{ pace: { jitter_ms: -1 } }, 'pace.jitter_ms'],
    [{ pace: { daily_cap: 0 } }, 'pace.daily_cap'],
    [{ pace: { quiet_hours: { ...QUIET, start: '25:00' } } }, 'pace.quiet_hours.start'],
    [{ pace: { quiet_hours: { ...QUIET, timezone: 'Mars/Olympus_Mons' } } }, 'pace.quiet_hours.timezone'],
    [{ pace: { quiet_hours: 'nights' } }, 'pace.quiet_hours'],
    [{ pace: 'slow' }, 'pace'],
    [{ pace: [{ per_minute: 5 }] }, 'pace'],
    [{ pace: { per_hour: 5 } }, 'pace.per_hour'],
    [{ fallback_session_id: 'the other one' }, 'fallback_session_id'],
    [{ speed: 'slow' }, 'speed'],
  ])('answers 400 naming the field to %j', async (body, field) => {
    const reply = await patch(await smsLike(), body);
    expectInvalidField(reply, field);
  });

  it('answers 400 to a body that changes nothing', async () => {
    expect(expectProblem(await patch(await smsLike(), {}), 400).detail).toBe('Nothing to change: send pace, fallback_session_id, or both.');
  });

  it("answers 404 for another user's session, and for a fallback that is none of the caller's sessions", async () => {
    const [mine, theirs] = [await smsLike(), await smsLike(stranger)];
    expectProblem(await patch(theirs, { pace: { per_minute: 5 } }), 404);
    expect(expectProblem(await patch(mine, { fallback_session_id: theirs }), 404).detail).toContain(theirs);
    expectProblem(await patch(mine, { fallback_session_id: '01a234d3-80cc-747e-bb2e-075910323e9f' }), 404);
    expectProblem(await call('GET', `${SESSIONS}/${mine}`, undefined, stranger), 404);
    expect((await call('GET', `${SESSIONS}/${mine}`)).body.fallback_session_id).toBeNull();
  });

  it('answers 422 to a session as its own fallback, or a fallback of another messenger', async () => {
    const id = await smsLike();
    const email = await smsLike(owner, 'email');

    expect(expectProblem(await patch(id, { fallback_session_id: id }), 422).detail).toBe(`Session ${id} cannot be its own fallback.`);
    expect(expectProblem(await patch(id, { fallback_session_id: email }), 422).detail).toBe(`A fallback must be a session of the same messenger (sms); session ${email} is email.`);
  });
});
