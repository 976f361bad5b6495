import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export function buildOpenApiDocument(app: NestFastifyApplication) {
  const config = new DocumentBuilder()
    .setTitle('MFA service')
    .setDescription('One-time-code challenges, 2FA login, code-protected video shares and links. Errors: {statusCode, error, message, details?}.')
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Workspace API key (admin or service)' }, 'apiKey')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Operator token' }, 'operator')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Member access token' }, 'member')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Viewer token' }, 'viewer')
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** /docs (UI) and /docs-json, from the DTOs and decorators. */
export function setupOpenApi(app: NestFastifyApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs-json' });
}
