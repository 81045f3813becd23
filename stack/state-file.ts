/** `.data/stack.json`: what `stack up` started, so that `status` and `down` find it again from another process. */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ServiceName } from './paths.js';

const serviceRecordSchema = z.object({
  pid: z.number().int().positive(),
  startedAt: z.string(),
  /** The exact command line, to tell our process from an unrelated one that was given the same pid later. */
  command: z.array(z.string()).min(1),
  log: z.string(),
  /** temporal: gRPC port; emulator and codec: HTTP port; worker: the Temporal gRPC port it polls. */
  port: z.number().int().min(1).max(65535),
  /** temporal only: the Web UI port. */
  uiPort: z.number().int().min(1).max(65535).optional(),
  /** worker only. */
  taskQueue: z.string().optional(),
  /** worker only: where it serves Prometheus metrics. */
  metricsPort: z.number().int().min(1).max(65535).optional(),
  /** emulator only: the admin client id (never its secret). */
  adminClientId: z.string().optional(),
});

export type ServiceRecord = z.infer<typeof serviceRecordSchema>;

const stackStateSchema = z.object({
  version: z.literal(1),
  // `worker-2` … : the extra worker processes of `stack up --workers N`.
  services: z.partialRecord(
    z.union([
      z.enum(['temporal', 'emulator', 'codec', 'worker']),
      z.templateLiteral(['worker-', z.number().int().min(2)]),
    ]),
    serviceRecordSchema,
  ),
});

export type StackState = z.infer<typeof stackStateSchema>;

export class StackStateError extends Error {
  override name = 'StackStateError';
}

export function emptyStackState(): StackState {
  return { version: 1, services: {} };
}

export async function readStackState(file: string): Promise<StackState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyStackState();
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new StackStateError(
      `${file} is not valid JSON; stop the services by their pids and delete the file.`,
    );
  }
  const parsed = stackStateSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new StackStateError(
      `${file}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}. ` +
        'It was not written by this version of `hybrid stack`; stop the services by their pids and delete it.',
    );
  }
  return parsed.data;
}

/** Written to a temporary file and renamed, so a reader never sees half a file. */
export async function writeStackState(file: string, state: StackState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  if (Object.keys(state.services).length === 0) {
    await rm(file, { force: true });
    return;
  }
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, file);
}

export function withService(
  state: StackState,
  name: ServiceName,
  record: ServiceRecord | undefined,
): StackState {
  const services = { ...state.services };
  if (record) services[name] = record;
  else delete services[name];
  return { ...state, services };
}
