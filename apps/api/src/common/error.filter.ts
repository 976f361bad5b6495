import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { LockTimeoutError } from '@app/security';
import { DomainError } from './domain-error';

const CODE_BY_STATUS: Record<number, string> = {
  400: 'validation_failed',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'rate_limited',
};

function isDependencyDown(err: unknown): boolean {
  const e = err as { name?: string; message?: string; code?: string };
  return (
    e?.name === 'MongoServerSelectionError' ||
    e?.name === 'MongoNetworkError' ||
    /Connection is closed|Stream isn't writeable|enableOfflineQueue|ECONNREFUSED|Command timed out/.test(e?.message ?? '')
  );
}

/** Every error leaves in the contract's shape; unknown ones become a 500 with an id to find in the log, never internals. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    let status: number;
    let body: Record<string, unknown>;
    let headers: Record<string, string> = {};

    if (exception instanceof DomainError) {
      status = exception.status;
      body = { statusCode: status, error: exception.code, message: exception.message };
      if (exception.details) body.details = exception.details;
      headers = exception.headers;
    } else if (exception instanceof HttpException) {
      status = exception.getStatus();
      const message = status === 400 ? 'The request body could not be read as JSON' : status === 404 ? 'No such route' : exception.message;
      body = { statusCode: status, error: CODE_BY_STATUS[status] ?? (status >= 500 ? 'internal_error' : 'bad_request'), message };
    } else if (typeof (exception as { statusCode?: number })?.statusCode === 'number' && (exception as { statusCode: number }).statusCode < 500) {
      // Fastify's own errors (malformed JSON, wrong content type, body too large) carry a statusCode.
      status = (exception as { statusCode: number }).statusCode;
      body = { statusCode: status, error: CODE_BY_STATUS[status] ?? 'bad_request', message: status === 400 ? 'The request body could not be read as JSON' : 'The request could not be accepted' };
    } else if (exception instanceof LockTimeoutError) {
      // A document stayed locked by other writers for the whole wait: the caller (or Twilio) may retry.
      status = 503;
      headers = { 'Retry-After': '1' };
      body = { statusCode: 503, error: 'busy', message: 'This resource is busy with other changes: retry shortly' };
    } else if (isDependencyDown(exception)) {
      status = 503;
      headers = { 'Retry-After': '5' };
      body = { statusCode: 503, error: 'service_unavailable', message: 'A backing service is unavailable: try again shortly' };
      this.logger.warn({ msg: 'dependency unavailable', err: (exception as Error).message, route: request.routeOptions?.url });
    } else {
      status = 500;
      const errorId = randomUUID();
      body = { statusCode: 500, error: 'internal_error', message: 'Something went wrong on our side', errorId };
      this.logger.error({ msg: 'unhandled error', errorId, route: request.routeOptions?.url, err: exception });
    }
    void reply.status(status).headers(headers).send(body);
  }
}
