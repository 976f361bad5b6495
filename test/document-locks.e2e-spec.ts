import { TestSystem, withMongo, type TestWorkspace } from '@app/testing';

// Starts the whole system; the project's testTimeout does not reach suites run by path.
jest.setTimeout(180000);

const VIDEO = { id: 'vid_locks', title: 'Locks', url: 'https://cdn.example.test/v/locks.mp4' };
const tokenOf = (url: string) => url.slice(url.lastIndexOf('/') + 1);

/**
 * FerretDB applies every update as "read the whole document, change it, write it back": two writers of one
 * document lose each other's changes even when they touch different fields. These prove, on the real system and
 * real FerretDB, that the writers of the documents with more than one writer are serialised (DocumentLocks).
 */
describe('document locks: concurrent writers of one document keep each other\'s changes', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ suite: 'document-locks' });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('a revoke racing ~30 views of a maxViews link stays revoked (a view-count write must not undo it)', async () => {
    const ws: TestWorkspace = await system.createWorkspace('Locks links');
    const key = await system.createApiKey(ws, 'service');
    // Several rounds: without the lock one round already loses the revoke most of the time.
    for (let round = 0; round < 6; round++) {
      const created = await system.api.post('/v1/links', { video: VIDEO, type: 'public', maxViews: 1000 }, { token: key });
      expect(created.status).toBe(201);
      const token = tokenOf(created.body.url);
      const media = () => system.api.get(`/v1/view/${token}/media?format=json`);

      const before = Array.from({ length: 15 }, media);
      const revoke = system.api.delete(`/v1/links/${created.body.id}`, { token: key });
      const after = Array.from({ length: 15 }, media);
      const views = await Promise.all([...before, ...after]);
      expect((await revoke).status).toBe(204);
      // Each view is either granted or refused as a dead link; nothing else (no 500, no lock timeout).
      for (const v of views) expect([200, 404]).toContain(v.status);
      expect(views.some((v) => v.status === 200)).toBe(true);

      expect({ round, ...(await system.api.get(`/v1/view/${token}`)) }).toMatchObject({ round, status: 404, body: { error: 'link_not_found' } });
      const doc = await withMongo(system.env.MONGO_URL, (db) => db.collection('links').findOne({ _id: created.body.id as never }));
      expect({ round, revokedAt: doc?.revokedAt }).toEqual({ round, revokedAt: expect.any(Date) });
      const listed = await system.api.get(`/v1/links/${created.body.id}`, { token: key });
      expect(listed.body.status).toBe('revoked');
    }
  });

  it('two concurrent PATCH /v1/members/:id of different fields (displayName, email) both land', async () => {
    const ws = await system.createWorkspace('Locks members');
    const created = await system.api.post('/v1/members', { username: 'erin', password: 'a long enough password', email: 'erin@start.example.test' }, { token: ws.adminKey });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    for (let round = 0; round < 5; round++) {
      const [name, email] = await Promise.all([
        system.api.patch(`/v1/members/${id}`, { displayName: `Erin ${round}` }, { token: ws.adminKey }),
        system.api.patch(`/v1/members/${id}`, { email: `erin@round${round}.example.test` }, { token: ws.adminKey }),
      ]);
      expect([name.status, email.status]).toEqual([200, 200]);
      const member = await system.api.get(`/v1/members/${id}`, { token: ws.adminKey });
      // The email is only shown masked; its domain tells which round's value is stored.
      expect({ round, displayName: member.body.displayName, email: member.body.email }).toEqual({ round, displayName: `Erin ${round}`, email: expect.stringMatching(new RegExp(`@round${round}\\.example\\.test$`)) });
    }
  });

  it('10 concurrent PATCH /v1/settings of different fields: no answered change is lost', async () => {
    const ws = await system.createWorkspace('Locks settings');
    const patches: { patch: Record<string, Record<string, unknown>>; path: [string, string]; value: unknown }[] = [
      ['authentication', 'codeRequired', true],
      ['sessionSharing', 'requireAuthentication', true],
      ['shareLinks', 'allowedTypes', ['public', 'public_2fa']],
      ['shareLinks', 'defaultExpiryHours', 48],
      ['codes', 'length', 8],
      ['codes', 'ttlSeconds', 300],
      ['codes', 'maxAttempts', 3],
      ['codes', 'resendCooldownSeconds', 45],
      ['codes', 'maxSendsPerDestinationPerHour', 7],
      ['sms', 'allowedCountries', ['US', 'GB']],
    ].map(([group, field, value]) => ({ patch: { [group as string]: { [field as string]: value } }, path: [group as string, field as string], value }));

    const answers = await Promise.all(patches.map((p) => system.api.patch('/v1/settings', p.patch, { token: ws.adminKey })));
    const stored = await withMongo(system.env.MONGO_URL, (db) => db.collection('workspaces').findOne({ _id: ws.id as never }));
    const settings = stored!.settings as Record<string, Record<string, unknown>>;
    answers.forEach((res, i) => {
      const { path, value } = patches[i];
      // A loser may be told to retry; a change that was answered 200 must be stored.
      if (res.status === 409) expect(res.body.error).toBe('settings_conflict');
      else expect({ field: path.join('.'), status: res.status, stored: settings[path[0]][path[1]] }).toEqual({ field: path.join('.'), status: 200, stored: value });
    });
    // Serialised by the lock, each update re-reads the settings, so none needs to lose.
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(stored!.settingsVersion).toBe(11);
  });
});
