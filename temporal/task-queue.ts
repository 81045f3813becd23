import { DEFAULT_TASK_QUEUE } from './constants.js';

/**
 * The task queue a CLI command, the worker and the local stack use: the flag, else HYBRID_TASK_QUEUE, else the
 * default. An empty value counts as unset (`||`, not `??`), so `HYBRID_TASK_QUEUE=""` can never leave the CLI
 * on an empty queue while the worker polls the default one.
 */
export function resolveTaskQueue(
  flag: string | undefined,
  env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env,
): string {
  return flag?.trim() || env.HYBRID_TASK_QUEUE?.trim() || DEFAULT_TASK_QUEUE;
}
