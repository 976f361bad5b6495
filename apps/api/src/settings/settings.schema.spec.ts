import { defaultSettings, diffSettings, mergeSettings, settingsProblems, settingsSchema } from './settings.schema';

describe('settings schema', () => {
  it('accepts its own defaults, with limits on', () => {
    const defaults = defaultSettings();
    expect(settingsSchema.safeParse(defaults).success).toBe(true);
    expect(defaults.codes).toMatchObject({ maxAttempts: 5, maxSendsPerDestinationPerHour: 5, ttlSeconds: 600 });
  });

  it('merges objects key by key and replaces arrays and scalars', () => {
    const merged = mergeSettings(defaultSettings(), { authentication: { codeRequired: true }, sms: { allowedCountries: ['US'] } }) as ReturnType<typeof defaultSettings>;
    expect(merged.authentication).toEqual({ codeRequired: true, channels: ['sms', 'email'] });
    expect(merged.sms.allowedCountries).toEqual(['US']);
    expect(merged.codes).toEqual(defaultSettings().codes);
  });

  it('lists changed leaves as {field, before, after}: no dotted keys, which MongoDB-wire servers refuse', () => {
    const before = defaultSettings();
    const after = { ...before, codes: { ...before.codes, length: 8 }, sms: { allowedCountries: ['GB'] } };
    const diff = diffSettings(before, after);
    expect(diff).toEqual([
      { field: 'codes.length', before: 6, after: 8 },
      { field: 'sms.allowedCountries', before: [], after: ['GB'] },
    ]);
    expect(diffSettings(before, defaultSettings())).toEqual([]);
  });

  it('names each bad field, an unknown key by its own path', () => {
    const parsed = settingsSchema.safeParse(mergeSettings(defaultSettings(), { codes: { length: 3, lenght: 6 }, extra: 1 }));
    expect(parsed.success).toBe(false);
    const fields = settingsProblems(parsed.error!.issues).map((p) => p.field);
    expect(new Set(fields)).toEqual(new Set(['codes.length', 'codes.lenght', 'extra']));
  });

  it.each([
    [{ codes: { ttlSeconds: 601 } }],
    [{ codes: { maxAttempts: 0 } }],
    [{ authentication: { channels: ['sms', 'sms'] } }],
    [{ sms: { allowedCountries: ['us'] } }],
  ])('refuses %j', (patch) => {
    expect(settingsSchema.safeParse(mergeSettings(defaultSettings(), patch)).success).toBe(false);
  });
});
