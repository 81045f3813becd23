import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { StateSnapshot } from './state.js';

/** Reads a state file written by `StateFileWriter`; undefined when the file does not exist yet. */
export async function readStateFile(path: string): Promise<StateSnapshot | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const parsed = JSON.parse(text) as Partial<StateSnapshot>;
  if (parsed.version !== 1 || !Array.isArray(parsed.orgs) || typeof parsed.defaultOrgId !== 'string') {
    throw new Error(
      `state file ${path} is not an emulator state file (version 1); delete it or pass another path`,
    );
  }
  // Files written before generic identity providers were emulated lack the list; an absent list is empty.
  const orgs = parsed.orgs.map((org) => ({
    ...org,
    customIdentityProviders: org.customIdentityProviders ?? [],
  }));
  return { version: 1, defaultOrgId: parsed.defaultOrgId, orgs, tokens: parsed.tokens ?? [] };
}

/**
 * Writes snapshots on change, debounced, through a temp file and an atomic rename so a crash never leaves a
 * half-written state file. Writes are serialised: a change during a write schedules one more write.
 */
export class StateFileWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => StateSnapshot,
    private readonly debounceMs = 50,
  ) {}

  schedule(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.debounceMs);
  }

  /** Writes now if anything changed; resolves once the file on disk holds the latest state. */
  async flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    this.writing = this.write().finally(() => {
      this.writing = undefined;
    });
    await this.writing;
  }

  private async write(): Promise<void> {
    const tmp = `${this.path}.tmp-${process.pid}`;
    await mkdir(dirname(this.path), { recursive: true });
    await writeFile(tmp, JSON.stringify(this.snapshot()), { mode: 0o600 });
    await rename(tmp, this.path);
  }
}
