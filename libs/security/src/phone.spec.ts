import { normalizeEmail, normalizePhone } from './phone';

describe('normalizePhone', () => {
  it('accepts international formats', () => {
    expect(normalizePhone('+1 (415) 555-0123')).toEqual({ e164: '+14155550123', country: 'US' });
    expect(normalizePhone('+44 20 7946 0958')).toEqual({ e164: '+442079460958', country: 'GB' });
  });

  it('accepts national formats with a country hint, in any case', () => {
    expect(normalizePhone('415 555 0123', 'US')).toEqual({ e164: '+14155550123', country: 'US' });
    expect(normalizePhone('(415) 555-0123', 'us')).toEqual({ e164: '+14155550123', country: 'US' });
    expect(normalizePhone('020 7946 0958', 'GB')).toEqual({ e164: '+442079460958', country: 'GB' });
  });

  it('omits country for non-geographic numbers', () => {
    expect(normalizePhone('+800 1234 5678')).toEqual({ e164: '+80012345678' });
  });

  it.each([
    ['415 555 0123', undefined],
    ['415 555 0123', 'XX'],
    ['+1 415 555 012', undefined],
    ['garbage', 'US'],
    ['', 'US'],
    [`+1 415 555 0123${' '.repeat(100)}x`, undefined],
    [null, undefined],
  ])('rejects %p (hint %p)', (input, hint) => {
    expect(normalizePhone(input as unknown as string, hint)).toBeNull();
  });
});

describe('normalizeEmail', () => {
  it('trims and lower-cases the whole address', () => {
    expect(normalizeEmail('  Jane.Doe@Example.COM ')).toBe('jane.doe@example.com');
    expect(normalizeEmail('a+tag@sub.example.co.uk')).toBe('a+tag@sub.example.co.uk');
  });

  it.each([
    '',
    'jane',
    'jane@',
    '@example.com',
    'jane@example',
    'jane@@example.com',
    'jane@ex@ample.com',
    'jane@.example.com',
    'jane@example.com.',
    'jane@exa..mple.com',
    'ja ne@example.com',
    'jane@-example.com',
    `${'a'.repeat(65)}@example.com`,
    `a@${'b'.repeat(250)}.com`,
    null,
    42,
  ])('rejects %p', (input) => {
    expect(normalizeEmail(input as unknown as string)).toBeNull();
  });

  it('accepts up to 254 characters', () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(email).toHaveLength(254);
    expect(normalizeEmail(email)).toBe(email);
  });
});
