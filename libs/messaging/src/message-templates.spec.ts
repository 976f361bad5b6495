import { gsm7SegmentsFit, renderCodeMessage, renderShareMessage, resolveLocale } from './message-templates';

describe('gsm7SegmentsFit', () => {
  it('accepts plain ASCII up to 160 and rejects longer or non-GSM text', () => {
    expect(gsm7SegmentsFit('a'.repeat(160))).toBe(true);
    expect(gsm7SegmentsFit('a'.repeat(161))).toBe(false);
    expect(gsm7SegmentsFit('código')).toBe(false);
    expect(gsm7SegmentsFit('café')).toBe(true);
    expect(gsm7SegmentsFit('€'.repeat(80))).toBe(true);
    expect(gsm7SegmentsFit('€'.repeat(81))).toBe(false);
  });
});

describe('resolveLocale', () => {
  it.each([
    ['es', 'es'],
    ['es-MX', 'es'],
    ['ES_ar', 'es'],
    ['en-GB', 'en'],
    ['fr', 'en'],
    [undefined, 'en'],
  ])('%p -> %p', (input, expected) => expect(resolveLocale(input)).toBe(expected));
});

describe('renderCodeMessage', () => {
  it('renders the English SMS with the code first', () => {
    const { sms } = renderCodeMessage({ code: '123456', productName: 'IrisCX', expiresInMinutes: 10, locale: 'en' });
    expect(sms).toBe("123456 is your IrisCX verification code. It expires in 10 minutes. Don't share it.");
  });

  it.each(['en', 'es', 'es-MX', 'de'])('fits one GSM-7 segment for %s', (locale) => {
    const { sms } = renderCodeMessage({ code: '12345678', productName: 'IrisCX', expiresInMinutes: 15, locale });
    expect(sms.startsWith('12345678')).toBe(true);
    expect(gsm7SegmentsFit(sms)).toBe(true);
  });

  it('uses plain ASCII Spanish in the SMS but accents in the email', () => {
    const msg = renderCodeMessage({ code: '654321', productName: 'IrisCX', expiresInMinutes: 5, locale: 'es-MX' });
    expect(msg.sms).toMatch(/^654321 es tu codigo/);
    expect(msg.sms).toMatch(/^[\x20-\x7e]+$/);
    expect(msg.email.subject).toContain('código');
    expect(msg.email.text).toContain('654321');
  });

  it('still fits one segment with a very long product name', () => {
    const { sms } = renderCodeMessage({ code: '123456', productName: 'X'.repeat(200), expiresInMinutes: 10, locale: 'en' });
    expect(gsm7SegmentsFit(sms)).toBe(true);
    expect(sms.startsWith('123456')).toBe(true);
  });

  it('puts the code in text and html but not the subject', () => {
    const { email } = renderCodeMessage({ code: '987654', productName: 'IrisCX', expiresInMinutes: 10, locale: 'en' });
    expect(email.subject).not.toContain('987654');
    expect(email.text).toContain('987654');
    expect(email.html).toContain('987654');
  });
});

describe('renderShareMessage', () => {
  const base = {
    productName: 'IrisCX',
    senderName: 'Ana <b>',
    videoTitle: 'Q3 review <script>alert(1)</script> with a very very long title that keeps going',
    url: 'https://app.iriscx.test/s/AbCdEf123456',
    message: 'Look at 0:42 & tell me "what" you think <img src=x onerror=alert(1)>',
  };

  it('keeps the SMS to one segment with the full link', () => {
    for (const locale of ['en', 'es']) {
      const { sms } = renderShareMessage({ ...base, locale });
      expect(gsm7SegmentsFit(sms)).toBe(true);
      expect(sms).toContain(base.url);
    }
  });

  it('folds non-GSM characters out of the SMS', () => {
    const { sms } = renderShareMessage({ ...base, videoTitle: 'Reunión 📹 año', locale: 'es' });
    expect(gsm7SegmentsFit(sms)).toBe(true);
    expect(sms).toContain('Reunion');
  });

  it('escapes user strings in html', () => {
    const { email } = renderShareMessage({ ...base, locale: 'en' });
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('&lt;script&gt;');
    expect(email.html).toContain('&amp; tell me &quot;what&quot;');
    expect(email.html).toContain(`href="${base.url}"`);
    expect(email.text).toContain(base.message);
  });

  it('keeps subjects on one line', () => {
    const { email } = renderShareMessage({ ...base, videoTitle: 'evil\r\nBcc: x@y.z', locale: 'en' });
    expect(email.subject).not.toMatch(/[\r\n]/);
  });

  it('refuses non-http links', () => {
    expect(() => renderShareMessage({ ...base, url: 'javascript:alert(1)', locale: 'en' })).toThrow();
  });

  it('works without a sender name', () => {
    const { sms, email } = renderShareMessage({ ...base, senderName: undefined, locale: 'es' });
    expect(sms).toContain('te compartieron');
    expect(email.subject).toContain('Te compartieron');
  });
});
