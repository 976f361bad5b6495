/**
 * True for a unique index violation. MongoDB (and FerretDB on insert) report E11000; FerretDB reports a
 * violation on update as a generic error carrying SQLite's message.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { code, message } = err as { code?: number; message?: string };
  return code === 11000 || /UNIQUE constraint failed/.test(message ?? '');
}
