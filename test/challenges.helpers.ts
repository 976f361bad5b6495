import type { Document } from 'mongodb';
import { waitFor, withMongo, type TestSystem, type TestWorkspace } from '@app/testing';

/** Shared by the challenges suites: workspaces with settings, unique numbers, audit look-ups. */
export interface ChallengeWorkspace extends TestWorkspace {
  key: string;
}

let nextNumber = 1000 + Math.floor(Math.random() * 8000);

/** A fresh valid US number per call, so per-destination limits of one test never touch another. */
export function uniquePhone(): string {
  nextNumber = nextNumber >= 9999 ? 1000 : nextNumber + 1;
  return `+1415555${nextNumber}`;
}

export function uniqueEmail(name = 'person'): string {
  return `${name}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

export async function workspaceWith(system: TestSystem, settings: Record<string, unknown> = {}): Promise<ChallengeWorkspace> {
  const ws = await system.createWorkspace();
  if (Object.keys(settings).length > 0) {
    const res = await system.api.patch('/v1/settings', settings, { token: ws.adminKey });
    if (res.status !== 200) throw new Error(`settings patch failed: ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { ...ws, key: await system.createApiKey(ws, 'service') };
}

export function auditEvents(system: TestSystem, workspaceId: string, type: string, challengeId?: string): Promise<Document[]> {
  return withMongo(system.env.MONGO_URL, (db) =>
    db.collection('audit_events').find({ workspaceId, type, ...(challengeId ? { 'subject.id': challengeId } : {}) }).sort({ seq: 1 }).toArray(),
  );
}

export function waitForAudit(system: TestSystem, workspaceId: string, type: string, challengeId?: string, timeoutMs = 15000): Promise<Document[]> {
  return waitFor(`audit ${type}`, async () => {
    const events = await auditEvents(system, workspaceId, type, challengeId);
    return events.length > 0 ? events : null;
  }, timeoutMs);
}

export function challengeDoc(system: TestSystem, id: string): Promise<Document | null> {
  return withMongo(system.env.MONGO_URL, (db) => db.collection('challenges').findOne({ _id: id as never }));
}

/** Polls GET /v1/challenges/:id until `accept` holds. */
export function waitForChallenge(system: TestSystem, key: string, id: string, what: string, accept: (body: any) => boolean, timeoutMs = 20000): Promise<any> {
  return waitFor(what, async () => {
    const res = await system.api.get(`/v1/challenges/${id}`, { token: key });
    return res.status === 200 && accept(res.body) ? res.body : null;
  }, timeoutMs);
}
