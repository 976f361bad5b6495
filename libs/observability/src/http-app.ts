import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger } from 'nestjs-pino';
import type { AppConfig } from '@app/config';
import { runWithRequestId } from './request-context';
import { installGracefulShutdown } from './shutdown';

const REQUEST_ID = /^[\w-]{8,64}$/;

/** Fastify-based Nest app with request ids, pino logging and shutdown hooks; the same for all three apps. */
export async function createHttpApp(module: unknown, config: AppConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    trustProxy: config.trustProxy,
    bodyLimit: 64 * 1024,
    // Fastify answers over-long path params with its own 414 that echoes the URL (link tokens live in paths).
    maxParamLength: 2048,
    requestIdHeader: false,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    // Connections are closed on shutdown only after requests in flight finish.
    forceCloseConnections: 'idle',
  });
  const fastify = adapter.getInstance();
  fastify.addHook('onRequest', (req, reply, done) => {
    (req.raw as { id?: string }).id = req.id;
    reply.header('x-request-id', req.id);
    runWithRequestId(req.id, done);
  });
  const app = await NestFactory.create<NestFastifyApplication>(module as never, adapter, { bufferLogs: false });
  app.useLogger(app.get(Logger));
  installGracefulShutdown(app, config);
  return app;
}

export async function listen(app: INestApplication, config: AppConfig): Promise<string> {
  await app.listen(config.port, '0.0.0.0');
  return `http://127.0.0.1:${config.port}`;
}
