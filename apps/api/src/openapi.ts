import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const ERROR_SCHEMA = 'ErrorResponse';
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${ERROR_SCHEMA}` } } } });

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('MFA service')
    .setDescription('One-time-code challenges, 2FA login, code-protected video shares and links. Errors: {statusCode, error, message, details?}.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Workspace API key (admin or service)' }, 'apiKey')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Operator token' }, 'operator')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Member access token' }, 'member')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Viewer token' }, 'viewer')
    .build();
  return addGlobalErrorResponses(SwaggerModule.createDocument(app, config));
}

/**
 * Errors every route can give because of global parts, documented once here instead of on each controller:
 * the AuthGuard (401 on a secured operation; 429 from the per-key limit on API-key operations) and the
 * global ValidationPipe (400 validation_failed wherever there is a body, a path or a query parameter).
 * Controllers' own, more specific descriptions of the same status win.
 */
export function addGlobalErrorResponses(doc: OpenAPIObject): OpenAPIObject {
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas[ERROR_SCHEMA] = {
    type: 'object',
    required: ['statusCode', 'error', 'message'],
    properties: {
      statusCode: { type: 'integer', example: 401 },
      error: { type: 'string', description: 'Stable snake_case code clients branch on', example: 'unauthorized' },
      message: { type: 'string' },
      details: { description: 'Per-field problems (validation_failed) or other structured context' },
    },
  };
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      const responses = op.responses ?? (op.responses = {});
      const schemes = (op.security ?? []).flatMap((requirement) => Object.keys(requirement));
      if (schemes.length && !responses['401']) responses['401'] = errorResponse('unauthorized: the credentials are missing, invalid or expired');
      if (schemes.includes('apiKey') && !responses['429']) responses['429'] = errorResponse('rate_limited: too many requests for this API key (Retry-After)');
      const validated = Boolean(op.requestBody) || (op.parameters ?? []).some((p) => 'in' in p && (p.in === 'path' || p.in === 'query'));
      if (validated && !responses['400']) responses['400'] = errorResponse('validation_failed: the body, a path id or a query parameter is invalid (see details)');
    }
  }
  return doc;
}

/** /docs (UI) and /docs-json, from the DTOs and decorators. */
export function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
