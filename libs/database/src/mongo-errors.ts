/** True for E11000, which every MongoDB-wire server (FerretDB included) reports for unique index violations. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: number }).code === 11000;
}
