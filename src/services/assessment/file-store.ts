/**
 * Where submission files live: `<dataDir>/submissions/<organization id>/<random id>`. The stored name is
 * generated (never the uploaded name), so no path can be smuggled in; reads check the name's shape again.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SubmissionFileStore {
  put(organizationId: string, storedName: string, bytes: Uint8Array): Promise<void>;
  get(organizationId: string, storedName: string): Promise<Buffer>;
}

const SAFE = /^[A-Za-z0-9-]{1,64}$/;

/** Files on the local disk under the data directory. */
export class LocalSubmissionFileStore implements SubmissionFileStore {
  constructor(private readonly dataDir: string) {}

  private path(organizationId: string, storedName: string): string {
    if (!SAFE.test(organizationId) || !SAFE.test(storedName)) throw new Error('unsafe submission file name');
    return join(this.dataDir, 'submissions', organizationId, storedName);
  }

  async put(organizationId: string, storedName: string, bytes: Uint8Array): Promise<void> {
    const file = this.path(organizationId, storedName);
    await mkdir(join(this.dataDir, 'submissions', organizationId), { recursive: true, mode: 0o700 });
    await writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
  }

  async get(organizationId: string, storedName: string): Promise<Buffer> {
    return readFile(this.path(organizationId, storedName));
  }
}
