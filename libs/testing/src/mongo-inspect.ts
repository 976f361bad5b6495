import { MongoClient, type Document } from 'mongodb';

/** Direct access to a suite's database, for checks the API must not offer (raw documents, tampering). */
export async function withMongo<T>(mongoUrl: string, fn: (db: ReturnType<MongoClient['db']>) => Promise<T>): Promise<T> {
  const client = await MongoClient.connect(mongoUrl, { serverSelectionTimeoutMS: 5000 });
  try {
    return await fn(client.db());
  } finally {
    await client.close();
  }
}

export async function dumpCollections(mongoUrl: string): Promise<Record<string, Document[]>> {
  return withMongo(mongoUrl, async (db) => {
    const out: Record<string, Document[]> = {};
    for (const { name } of await db.listCollections().toArray()) out[name] = await db.collection(name).find().toArray();
    return out;
  });
}

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | null | false>, timeoutMs = 15000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Edits a challenge directly (to expire it, or end a cooldown) once the notifier has recorded its send:
 * FerretDB rewrites whole documents, so an edit racing the notifier's write would be lost.
 */
export async function editChallengeWhenSent(mongoUrl: string, id: string, set: Record<string, unknown>): Promise<void> {
  await waitFor(`challenge ${id} send recorded`, () =>
    withMongo(mongoUrl, async (db) => Boolean((await db.collection('challenges').findOne({ _id: id as never }))?.delivery?.providerMessageId)),
  );
  await withMongo(mongoUrl, (db) => db.collection('challenges').updateOne({ _id: id as never }, { $set: set }));
}
