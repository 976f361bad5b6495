import { redactUrl, requestIdMixin } from './logger.module';
import { runWithRequestId } from './request-context';

describe('log hygiene', () => {
  it('drops link tokens and query strings from logged URLs', () => {
    expect(redactUrl('/s/abcDEF123_-xyz')).toBe('/s/[token]');
    expect(redactUrl('/v1/view/abcDEF123/media?x=1')).toBe('/v1/view/[token]/media');
    expect(redactUrl('/v1/view/tok/verify')).toBe('/v1/view/[token]/verify');
    expect(redactUrl('/v1/challenges/chl_1?code=123456')).toBe('/v1/challenges/chl_1');
  });

  it('adds the current request id to every line written inside a request or job', () => {
    expect(requestIdMixin()).toEqual({});
    expect(runWithRequestId('req-12345678', () => requestIdMixin())).toEqual({ requestId: 'req-12345678' });
  });
});
