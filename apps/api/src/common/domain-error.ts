/** An error a client can branch on: HTTP status, stable snake_case code, human message, optional details. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown> | unknown[],
    /** Extra headers, e.g. Retry-After. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const Errors = {
  validation: (details: unknown[], message = 'The request is not valid') => new DomainError(400, 'validation_failed', message, details),
  unauthorized: (message = 'A valid API key is required') => new DomainError(401, 'unauthorized', message),
  forbidden: (message = 'This key is not allowed to do that') => new DomainError(403, 'forbidden', message),
  notFound: (what: string) => new DomainError(404, `${what}_not_found`, `No such ${what.replace(/_/g, ' ')}`),
  rateLimited: (retryAfterSeconds: number, code = 'rate_limited', message = 'Too many requests: try again later') =>
    new DomainError(429, code, message, { retryAfterSeconds }, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) }),
};
