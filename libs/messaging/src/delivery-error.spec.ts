import { classifySmtpError, classifyTwilioError, DeliveryError } from './delivery-error';

const restError = (status: number, code?: number, message = 'The To number +15005550001 is not valid') =>
  Object.assign(new Error(message), { status, ...(code !== undefined ? { code } : {}) });

const netError = (code: string, message = 'connect failed') => Object.assign(new Error(message), { code });

describe('classifyTwilioError', () => {
  it.each([
    [restError(400, 21211), true, '21211'],
    [restError(400, 21614), true, '21614'],
    [restError(400, 21610), true, '21610'],
    [restError(400, 21408), true, '21408'],
    [restError(400, 21606), true, '21606'],
    [restError(400, 21612), true, '21612'],
    [restError(401, 20003), true, '20003'],
    [restError(404, 20404), true, '20404'],
    [restError(400), true, 'http_400'],
    [restError(429, 20429), false, '20429'],
    [restError(500, 20500), false, '20500'],
    [restError(503), false, 'http_503'],
    [netError('ECONNREFUSED'), false, 'ECONNREFUSED'],
    [netError('ECONNRESET'), false, 'ECONNRESET'],
    [netError('ETIMEDOUT'), false, 'ETIMEDOUT'],
    [new Error('socket hang up'), false, 'ECONNRESET'],
    [Object.assign(new Error('wrapped'), { cause: netError('ECONNREFUSED') }), false, 'ECONNREFUSED'],
  ])('%#: %p -> permanent=%p code=%p', (err, permanent, providerCode) => {
    const result = classifyTwilioError(err);
    expect(result).toBeInstanceOf(DeliveryError);
    expect(result.permanent).toBe(permanent);
    expect(result.providerCode).toBe(providerCode);
  });

  it('never echoes the provider message (it can contain the phone number)', () => {
    const result = classifyTwilioError(restError(400, 21211, "The 'To' number +15005550001 is not a valid phone number."));
    expect(result.message).not.toContain('+15005550001');
    expect(result.message).toContain('21211');
  });

  it('passes DeliveryErrors through and treats unknown throws as transient', () => {
    const existing = new DeliveryError('x', true, 'y');
    expect(classifyTwilioError(existing)).toBe(existing);
    expect(classifyTwilioError('boom').permanent).toBe(false);
  });
});

describe('classifySmtpError', () => {
  const smtpError = (responseCode: number, code = 'EENVELOPE') =>
    Object.assign(new Error(`Can't send mail - all recipients were rejected: ${responseCode} <alice@example.com>`), {
      code,
      responseCode,
    });

  it.each([
    [smtpError(550), true, 'smtp_550'],
    [smtpError(552, 'EMESSAGE'), true, 'smtp_552'],
    [smtpError(535, 'EAUTH'), true, 'smtp_535'],
    [smtpError(503), false, 'smtp_503'],
    [smtpError(450), false, 'smtp_450'],
    [smtpError(421, 'ECONNECTION'), false, 'smtp_421'],
    [netError('ECONNECTION'), false, 'ECONNECTION'],
    [netError('ESOCKET'), false, 'ESOCKET'],
    [netError('ETIMEDOUT'), false, 'ETIMEDOUT'],
    [netError('ECONNREFUSED'), false, 'ECONNREFUSED'],
    [netError('EENVELOPE'), true, 'EENVELOPE'],
  ])('%#: %p -> permanent=%p code=%p', (err, permanent, providerCode) => {
    const result = classifySmtpError(err);
    expect(result.permanent).toBe(permanent);
    expect(result.providerCode).toBe(providerCode);
  });

  it('never echoes the recipient from nodemailer messages', () => {
    expect(classifySmtpError(smtpError(550)).message).not.toContain('alice@example.com');
  });
});
