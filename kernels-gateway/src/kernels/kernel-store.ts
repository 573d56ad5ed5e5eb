import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelRecord } from './kernel.js';

/**
 * Kernel records on disk, one JSON file per kernel, readable by the gateway's user only (they
 * hold kernels' HMAC keys). Written atomically (temp file, rename), so a crash mid-write never
 * leaves half a record. This is jupyter_client's "persisted provisioner info".
 */
export class KernelStore {
  constructor(private readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  save(record: KernelRecord): void {
    const path = this.path(record.id);
    const temp = `${path}.tmp`;
    writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
    renameSync(temp, path);
  }

  remove(id: string): void {
    rmSync(this.path(id), { force: true });
  }

  loadAll(): KernelRecord[] {
    const records: KernelRecord[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        records.push(JSON.parse(readFileSync(join(this.dir, name), 'utf8')) as KernelRecord);
      } catch {
        // A record that cannot be read names no kernel we could reach: drop it.
        rmSync(join(this.dir, name), { force: true });
      }
    }
    return records;
  }

  private path(id: string): string {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw new Error(`not a kernel id: ${id}`);
    return join(this.dir, `${id}.json`);
  }
}
