import { DomainError } from '../common/domain-error';
import { decodeCursor, encodeCursor } from './audit-trail.service';

describe('audit cursor', () => {
  it('round-trips a seq and looks opaque', () => {
    const cursor = encodeCursor(1234);
    expect(cursor).not.toContain('1234');
    expect(decodeCursor(cursor)).toBe(1234);
  });

  it.each([
    ['not base64 of a number', Buffer.from('abc').toString('base64url')],
    ['zero', encodeCursor(0)],
    ['negative', Buffer.from('-5').toString('base64url')],
    ['padded base64', Buffer.from('12').toString('base64')],
    ['a character outside base64url', `${encodeCursor(12)}!`],
    ['empty', ''],
    ['a Mongo operator smuggled in', Buffer.from('{"$gt":0}').toString('base64url')],
  ])('refuses a cursor it did not issue (%s) with invalid_cursor', (_what, cursor) => {
    try {
      decodeCursor(cursor);
      throw new Error('accepted');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).status).toBe(400);
      expect((err as DomainError).code).toBe('invalid_cursor');
    }
  });
});
