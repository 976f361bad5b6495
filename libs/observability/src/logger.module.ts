import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { randomUUID } from 'node:crypto';
import { currentRequestId } from './request-context';

/** Paths that may carry secrets or personal data; pino replaces them before anything is written. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-twilio-signature"]',
  'req.headers["idempotency-key"]',
  '*.code',
  '*.password',
  '*.token',
  '*.key',
  '*.to',
  '*.phone',
  '*.email',
  '*.destination',
];

@Module({})
export class ObservabilityLoggerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ObservabilityLoggerModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            name: config.app,
            redact: { paths: REDACT_PATHS, censor: '[redacted]' },
            // Every line written while handling a request or a job carries its request id (jobs inherit it).
            mixin: requestIdMixin,
            // Fastify assigned the id in its onRequest hook (http-app.ts); pino reuses it.
            genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
            // Paths carry link tokens (/s/:token, /v1/view/:token): log the route pattern only.
            serializers: {
              req: (req: { id: string; method: string; url: string; routeOptions?: { url?: string } }) => ({
                id: req.id,
                method: req.method,
                url: redactUrl(req.url),
              }),
              // Response headers may carry link URLs (Location): the status is enough.
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
            transport: config.isDevelopment ? { target: 'pino-pretty', options: { singleLine: true, colorize: true } } : undefined,
          },
        }),
      ],
    };
  }
}

export function requestIdMixin(): { requestId?: string } {
  const requestId = currentRequestId();
  return requestId ? { requestId } : {};
}

/** Link tokens live in URL paths; keep the shape, drop the secret. */
export function redactUrl(url: string): string {
  return url.replace(/\/(s|view)\/[^/?#]+/g, '/$1/[token]').replace(/\?.*$/, '');
}
