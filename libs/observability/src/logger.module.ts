import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { randomUUID } from 'node:crypto';

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
            // Fastify assigned the id in its onRequest hook (http-app.ts); pino reuses it.
            genReqId: (req) => (req as { id?: string }).id ?? randomUUID(),
            // Paths carry link tokens (/s/:token, /v1/view/:token): log the route pattern only.
            serializers: {
              req: (req: { id: string; method: string; url: string; routeOptions?: { url?: string } }) => ({
                id: req.id,
                method: req.method,
                url: redactUrl(req.url),
              }),
            },
            autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
            transport: config.isDevelopment ? { target: 'pino-pretty', options: { singleLine: true, colorize: true } } : undefined,
          },
        }),
      ],
    };
  }
}

/** Link tokens live in URL paths; keep the shape, drop the secret. */
export function redactUrl(url: string): string {
  return url.replace(/\/(s|view)\/[^/?#]+/g, '/$1/[token]').replace(/\?.*$/, '');
}
