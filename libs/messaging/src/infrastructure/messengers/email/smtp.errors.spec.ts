import { MessageRefused, ProviderUnavailable, SessionAuthRevoked } from '../../../domain/messenger.errors';
import { classifySmtpError, describeSmtpConnectFailure } from './smtp.errors';

const smtpError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields.response ?? fields.message ?? 'failed')), fields);

describe('classifySmtpError', () => {
  it.each([
    [451, '451 4.7.1 Greylisted, please try again later'],
    [421, '421 4.3.2 Service shutting down'],
    [452, '452 4.2.2 Mailbox full'],
    [503, '503 5.5.1 Bad sequence of commands'],
  ])('retries a %d reply', (responseCode, response) => {
    const error = classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode, response }));

    expect(error).toBeInstanceOf(ProviderUnavailable);
    expect(error).toMatchObject({ code: String(responseCode), message: `email: the SMTP server deferred the message: ${response}` });
  });

  it.each([
    [550, '550 5.1.1 Mailbox unavailable'],
    [553, '553 5.1.3 Bad recipient address syntax'],
    [554, '554 5.7.1 Message refused as spam'],
  ])('refuses the message for good on %d, with the code and the reply', (responseCode, response) => {
    const error = classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode, response }));

    expect(error).toBeInstanceOf(MessageRefused);
    expect(error).toMatchObject({ code: String(responseCode), message: `email: the SMTP server refused the message: ${response}` });
  });

  it('revokes the session when the login is refused (535, EAUTH) or there is no login to give', () => {
    expect(classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication failed' }))).toBeInstanceOf(SessionAuthRevoked);
    expect(classifySmtpError(smtpError({ code: 'EAUTH', message: 'No authentication mechanism' }))).toMatchObject({ name: 'SessionAuthRevoked', code: 'EAUTH' });
    expect(classifySmtpError(smtpError({ code: 'ENOAUTH' }))).toBeInstanceOf(SessionAuthRevoked);
  });

  it('retries a temporary login failure (454) rather than expiring the session', () => {
    expect(classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 454, response: '454 4.7.0 Temporary authentication failure' }))).toBeInstanceOf(ProviderUnavailable);
  });

  it('retries connection failures and timeouts, keeping the socket code under the nodemailer one', () => {
    expect(classifySmtpError(smtpError({ code: 'ESOCKET', originalCode: 'ECONNRESET', message: 'read ECONNRESET' }))).toMatchObject({ name: 'ProviderUnavailable', code: 'ECONNRESET' });
    expect(classifySmtpError(smtpError({ code: 'ETIMEDOUT', message: 'Greeting never received' }))).toMatchObject({ name: 'ProviderUnavailable', code: 'ETIMEDOUT' });
    expect(classifySmtpError(smtpError({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' }))).toBeInstanceOf(ProviderUnavailable);
    expect(classifySmtpError('weird')).toMatchObject({ name: 'ProviderUnavailable', code: null });
  });
});

describe('describeSmtpConnectFailure', () => {
  const server = 'smtp.example.com:587';

  it('names what failed: the login, TLS, the network, a timeout, or the server', () => {
    expect(describeSmtpConnectFailure(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 no' }), server)).toBe('the SMTP server refused the login: 535 no');
    expect(describeSmtpConnectFailure(smtpError({ code: 'ESOCKET', originalCode: 'DEPTH_ZERO_SELF_SIGNED_CERT', message: 'self-signed certificate' }), server)).toBe(
      'TLS with smtp.example.com:587 failed: self-signed certificate',
    );
    expect(describeSmtpConnectFailure(smtpError({ code: 'ETLS', message: 'No STARTTLS' }), server)).toMatch(/^TLS with/);
    expect(describeSmtpConnectFailure(smtpError({ code: 'ETIMEDOUT', message: 'Connection timeout' }), server)).toBe('smtp.example.com:587 did not answer in time: Connection timeout');
    expect(describeSmtpConnectFailure(smtpError({ code: 'EDNS', message: 'getaddrinfo ENOTFOUND smtp.example.com' }), server)).toMatch(/^smtp.example.com:587 could not be reached/);
    expect(describeSmtpConnectFailure(smtpError({ code: 'EPROTOCOL', responseCode: 554, response: '554 go away' }), server)).toBe('the SMTP server refused the connection: 554 go away');
  });
});
