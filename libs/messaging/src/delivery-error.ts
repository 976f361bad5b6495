/**
 * A failed hand-off to a provider. `permanent` tells the queue whether retrying can help.
 * Messages are built from codes only: provider messages may echo the recipient or body,
 * and these errors end up in logs and job records. For the same reason no `cause` is kept.
 */
export class DeliveryError extends Error {
  override readonly name = 'DeliveryError';

  constructor(
    message: string,
    readonly permanent: boolean,
    readonly providerCode?: string,
  ) {
    super(message);
  }
}

// Retrying these can never succeed: the number or route itself is refused.
const TWILIO_PERMANENT_CODES: Record<number, string> = {
  21211: "invalid 'To' number",
  21408: 'region not enabled',
  21606: "'From' number cannot send SMS",
  21610: 'recipient unsubscribed',
  21612: 'number not reachable',
  21614: 'not a mobile number',
};

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_NETWORK',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

type ErrorLike = { status?: unknown; code?: unknown; message?: unknown; responseCode?: unknown; cause?: unknown };

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : {};
}

/** Axios/undici often bury the errno one level down. */
function errnoCode(e: ErrorLike): string | undefined {
  if (typeof e.code === 'string') return e.code;
  const cause = asErrorLike(e.cause);
  return typeof cause.code === 'string' ? cause.code : undefined;
}

function isSocketHangUp(e: ErrorLike): boolean {
  return typeof e.message === 'string' && /socket hang up/i.test(e.message);
}

export function classifyTwilioError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = asErrorLike(err);
  const status = typeof e.status === 'number' ? e.status : undefined;
  const twilioCode = typeof e.code === 'number' && e.code > 0 ? e.code : undefined;

  if (status !== undefined) {
    const where = twilioCode ? `HTTP ${status}, code ${twilioCode}` : `HTTP ${status}`;
    const providerCode = twilioCode ? String(twilioCode) : `http_${status}`;
    if (twilioCode && TWILIO_PERMANENT_CODES[twilioCode]) {
      return new DeliveryError(`Twilio rejected the SMS (${where}: ${TWILIO_PERMANENT_CODES[twilioCode]})`, true, providerCode);
    }
    if (status === 429) return new DeliveryError(`Twilio rate limited the SMS (${where})`, false, providerCode);
    if (status >= 400 && status < 500) return new DeliveryError(`Twilio rejected the SMS (${where})`, true, providerCode);
    if (status >= 500) return new DeliveryError(`Twilio failed to accept the SMS (${where})`, false, providerCode);
  }

  const errno = errnoCode(e);
  if ((errno && NETWORK_CODES.has(errno)) || isSocketHangUp(e)) {
    const code = errno ?? 'ECONNRESET';
    return new DeliveryError(`Could not reach Twilio (${code})`, false, code);
  }
  // Unknown failures stay retryable; the queue's attempt limit bounds the cost.
  return new DeliveryError(`Twilio request failed (${errno ?? 'unknown'})`, false, errno ?? 'unknown');
}

// Codes nodemailer raises before any server reply; the same message would fail again.
const SMTP_PERMANENT_LOCAL_CODES = new Set(['EENVELOPE', 'ECONFIG', 'ENOAUTH', 'EMAXRECIPIENTS', 'EREQUIRETLS']);

export function classifySmtpError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = asErrorLike(err);
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : undefined;

  if (responseCode !== undefined) {
    const providerCode = `smtp_${responseCode}`;
    // 503 is "bad sequence of commands": a session problem, not a refusal of this message.
    const permanent = responseCode >= 500 && responseCode < 600 && responseCode !== 503;
    return new DeliveryError(
      permanent ? `SMTP server rejected the email (${responseCode})` : `SMTP server deferred the email (${responseCode})`,
      permanent,
      providerCode,
    );
  }

  const code = errnoCode(e) ?? 'unknown';
  if (SMTP_PERMANENT_LOCAL_CODES.has(code)) {
    return new DeliveryError(`Email could not be sent (${code})`, true, code);
  }
  return new DeliveryError(`Could not deliver to SMTP server (${code})`, false, code);
}
