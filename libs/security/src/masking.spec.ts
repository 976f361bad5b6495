import { maskDestination, maskEmail, maskPhone } from './masking';

describe('maskPhone', () => {
  it('keeps the calling code and last 4 digits, one bullet per hidden digit', () => {
    expect(maskPhone('+14155550123')).toBe('+1••••••0123');
    expect(maskPhone('+442079460958')).toBe('+44••••••0958');
    expect(maskPhone('+8613812345678')).toBe('+86•••••••5678');
  });

  it('uses at least three bullets', () => {
    expect(maskPhone('+24712345')).toBe('+247•••2345');
  });

  it('never reveals a whole short national number', () => {
    expect(maskPhone('+2471234')).toBe('+247••••');
  });

  it.each(['', 'garbage', '4155550123', '+', null, undefined, 12345])('returns ••• for %p', (value) => {
    expect(maskPhone(value as unknown as string)).toBe('•••');
  });
});

describe('maskEmail', () => {
  it('keeps the first character and the domain', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j•••@example.com');
    expect(maskEmail('x@sub.example.org')).toBe('x•••@sub.example.org');
    expect(maskEmail('😀me@example.com')).toBe('😀•••@example.com');
  });

  it.each(['', 'jane', '@example.com', 'jane@', null, undefined, {}])('returns ••• for %p', (value) => {
    expect(maskEmail(value as unknown as string)).toBe('•••');
  });
});

describe('maskDestination', () => {
  it('dispatches by channel', () => {
    expect(maskDestination('sms', '+14155550123')).toBe('+1••••••0123');
    expect(maskDestination('email', 'jane.doe@example.com')).toBe('j•••@example.com');
    expect(maskDestination('fax' as 'sms', '+14155550123')).toBe('•••');
  });
});
