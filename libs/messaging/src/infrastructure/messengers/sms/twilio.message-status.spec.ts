import { twilioMessageStatus } from './twilio.message-status';

describe('twilioMessageStatus', () => {
  it.each([
    ['accepted', 'pending'],
    ['queued', 'pending'],
    ['sending', 'pending'],
    ['sent', 'sent'],
    ['delivered', 'delivered'],
    ['read', 'read'],
    ['undelivered', 'failed'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
  ])("reads Twilio's %s as %s", (twilio, status) => {
    expect(twilioMessageStatus(JSON.stringify({ sid: 'SM1', status: twilio, error_code: null, error_message: null }))).toEqual({ status, errorCode: null, errorMessage: null });
  });

  it('keeps the error code and message of a failed message', () => {
    expect(twilioMessageStatus(JSON.stringify({ status: 'failed', error_code: 30007, error_message: 'Message filtered' }))).toEqual({
      status: 'failed',
      errorCode: '30007',
      errorMessage: 'Message filtered',
    });
  });

  it('answers null for what is not a Message resource', () => {
    for (const text of ['<html/>', 'null', '{}', JSON.stringify({ status: 'teleported' })]) expect(twilioMessageStatus(text)).toBeNull();
  });
});
