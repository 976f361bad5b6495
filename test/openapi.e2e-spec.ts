import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';
import { execFileSync } from 'node:child_process';
import createClient from 'openapi-fetch';
import { TestSystem } from '@app/testing';

jest.setTimeout(120000);

// The contract travels with the repo, so CI's clean clone can check the document against it.
const API_MD = join(__dirname, '..', 'docs', 'API.md');
const OUT = join(__dirname, '..', 'test-output', 'openapi');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * Paths of API.md that are deliberately NOT in the OpenAPI document, and why:
 * - /admin/queues: Bull Board's own Fastify routes (an HTML app), not part of the JSON API;
 * - /docs, /docs-json: the document itself and its viewer;
 * - /s/:token: the HTML viewer page for browsers (same page for every token); what it calls, /v1/view/:token…,
 *   is the API and is described.
 * Everything else, including /health/* and /metrics, must be described.
 */
const NOT_IN_DOCUMENT = new Set(['GET /admin/queues', 'GET /docs', 'GET /docs-json', 'GET /s/{token}']);
/** Operations that answer without a bearer token (their own checks: signatures, link tokens). */
const PUBLIC_PREFIXES = ['/health/', '/metrics', '/s/', '/v1/view/', '/v1/webhooks/'];

type Operation = { security?: unknown[]; responses?: Record<string, unknown> };
type OpenApiDoc = { openapi: string; paths: Record<string, Record<string, Operation>>; components?: { securitySchemes?: Record<string, unknown> } };

/**
 * Every `| METHOD | path … |` row of API.md's tables, and the inline `METHOD /path` mentions (Settings).
 * A row may list several methods and paths ("GET, PATCH, DELETE | /v1/members, /v1/members/:id"):
 * GET and POST apply to every path listed, PATCH, PUT and DELETE to the item paths (ending in a parameter).
 */
export function operationsOfApiMd(markdown: string): string[] {
  const ops = new Set<string>();
  const add = (method: string, path: string) => ops.add(`${method} ${path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
  for (const line of markdown.split('\n')) {
    const row = /^\|\s*([A-Z, ]+?)\s*\|\s*(\/[^|`]*)/.exec(line);
    if (!row) continue;
    const methods = row[1].split(',').map((m) => m.trim()).filter((m) => METHODS.includes(m));
    const paths = row[2].split(',').map((p) => p.trim().split(/\s+/)[0]).filter((p) => p.startsWith('/'));
    for (const method of methods) {
      for (const path of paths) {
        const isItem = /\/:[A-Za-z]+$/.test(path);
        if ((method === 'PATCH' || method === 'PUT' || method === 'DELETE') && paths.length > 1 && !isItem) continue;
        add(method, path);
      }
    }
  }
  for (const m of markdown.matchAll(/`(GET|POST|PUT|PATCH|DELETE) (\/[^`\s]+)`/g)) add(m[1], m[2]);
  return [...ops].sort();
}

describe('OpenAPI document at /docs-json', () => {
  let system: TestSystem;
  let doc: OpenApiDoc;
  const expected = operationsOfApiMd(readFileSync(API_MD, 'utf8'));

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'openapi' });
    const res = await fetch(`${system.app('api').url}/docs-json`);
    expect(res.status).toBe(200);
    doc = (await res.json()) as OpenApiDoc;
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('reads the contract: API.md has the operations this test checks', () => {
    // Guards the parser: if API.md's table format changes, this fails instead of checking nothing.
    expect(expected).toEqual(expect.arrayContaining(['POST /v1/challenges', 'POST /v1/challenges/{id}/verify', 'GET /v1/settings', 'PATCH /v1/settings', 'DELETE /v1/members/{id}', 'GET /health/ready', 'GET /s/{token}']));
    expect(expected).not.toContain('PATCH /v1/members');
    expect(expected.length).toBeGreaterThanOrEqual(35);
  });

  it('describes every path and method of API.md', () => {
    const documented = new Set(Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`)));
    const missing = expected.filter((op) => !NOT_IN_DOCUMENT.has(op) && !documented.has(op));
    expect(missing).toEqual([]);
  });

  it('documents the security schemes and, per operation, its security and error responses', () => {
    expect(Object.keys(doc.components?.securitySchemes ?? {}).sort()).toEqual(['apiKey', 'member', 'operator', 'viewer']);
    const problems: string[] = [];
    for (const op of expected) {
      if (NOT_IN_DOCUMENT.has(op)) continue;
      const [method, path] = op.split(' ');
      const operation = doc.paths[path]?.[method.toLowerCase()];
      if (!operation) continue; // reported by the test above
      const errors = Object.keys(operation.responses ?? {}).filter((s) => /^[45]\d\d$/.test(s));
      const isPublic = PUBLIC_PREFIXES.some((p) => path.startsWith(p));
      if (!isPublic && !(operation.security && operation.security.length)) problems.push(`${op}: no security requirement`);
      if (!isPublic && !errors.includes('401')) problems.push(`${op}: 401 not documented`);
      if (path.startsWith('/v1/') && errors.length === 0) problems.push(`${op}: no error response documented`);
    }
    expect(problems).toEqual([]);
  });

  it('generates a typed client (openapi-typescript) whose code type-checks and runs a challenge from create to approved (openapi-fetch)', async () => {
    mkdirSync(OUT, { recursive: true });
    // openapi-typescript pulls ESM-only dependencies that jest's CommonJS runtime cannot load: it runs in
    // plain Node instead, with its programmatic API (openapiTS + astToString), on the document just served.
    writeFileSync(join(OUT, 'openapi.json'), JSON.stringify(doc, null, 2));
    const generate = `
      import openapiTS, { astToString } from 'openapi-typescript';
      import { readFileSync, writeFileSync } from 'node:fs';
      const ast = await openapiTS(JSON.parse(readFileSync(process.argv[1], 'utf8')));
      writeFileSync(process.argv[2], astToString(ast));`;
    execFileSync(process.execPath, ['--input-type=module', '-e', generate, join(OUT, 'openapi.json'), join(OUT, 'schema.d.ts')], { cwd: join(__dirname, '..'), stdio: 'inherit', timeout: 60000 });
    expect(readFileSync(join(OUT, 'schema.d.ts'), 'utf8')).toContain('"/v1/challenges/{id}/verify"');

    // The flow below is type-checked against the generated paths, then run as is: the document must be true.
    const flow = `
import type createClientFn from 'openapi-fetch';
import type { paths } from './schema';

export async function challengeFlow(createClient: typeof createClientFn, baseUrl: string, apiKey: string, to: string, readCode: () => Promise<string>) {
  const client = createClient<paths>({ baseUrl, headers: { authorization: \`Bearer \${apiKey}\` } });
  const created = await client.POST('/v1/challenges', { body: { channel: 'sms', to } });
  if (!created.data) throw new Error('create failed: ' + JSON.stringify(created.error));
  const id: string = created.data.id;
  const code = await readCode();
  const verified = await client.POST('/v1/challenges/{id}/verify', { params: { path: { id } }, body: { code } });
  if (!verified.data) throw new Error('verify failed: ' + JSON.stringify(verified.error));
  const wrong = await client.POST('/v1/challenges/{id}/verify', { params: { path: { id } }, body: { code } });
  const read = await client.GET('/v1/challenges/{id}', { params: { path: { id } } });
  if (!read.data) throw new Error('read failed: ' + JSON.stringify(read.error));
  return { created: created.data, verified: verified.data, read: read.data, again: { status: wrong.response.status, error: wrong.error } };
}
`;
    const source = join(OUT, 'challenge-flow.ts');
    writeFileSync(source, flow);
    const program = ts.createProgram([source], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, moduleResolution: ts.ModuleResolutionKind.Node10, esModuleInterop: true, skipLibCheck: true, types: [], baseUrl: join(__dirname, '..'), typeRoots: [] });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(diagnostics).toEqual([]);
    const js = ts.transpileModule(flow, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    writeFileSync(join(OUT, 'challenge-flow.js'), js);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { challengeFlow } = require(join(OUT, 'challenge-flow.js')) as { challengeFlow: (...args: unknown[]) => Promise<any> };

    const ws = await system.createWorkspace('OpenAPI client');
    const to = '+14155550142';
    const result = await challengeFlow(createClient, system.api.baseUrl, ws.adminKey, to, async () => {
      await system.twilio.waitForMessages(1, { to, timeoutMs: 15000 });
      return system.twilio.lastCodeFor(to)!;
    });
    expect(result.created).toMatchObject({ status: 'pending', channel: 'sms' });
    expect(result.created.to).not.toBe(to);
    expect(result.verified).toMatchObject({ id: result.created.id, status: 'approved' });
    expect(result.read).toMatchObject({ id: result.created.id, status: 'approved' });
    // The document's error responses are real too: a second verify is refused with a stable code.
    expect(result.again.status).toBeGreaterThanOrEqual(400);
    expect(result.again.status).toBeLessThan(500);
    expect(result.again.error).toMatchObject({ statusCode: result.again.status, error: expect.stringMatching(/^[a-z_]+$/) });
  });
});
