/** Task queue the long-running worker (`npm run worker`) polls unless `--task-queue`/`HYBRID_TASK_QUEUE` says otherwise. */
export const DEFAULT_TASK_QUEUE = 'hybrid-provisioner';

/** Namespace the dev server always creates and the SDK uses when nothing else is configured. */
export const DEFAULT_NAMESPACE = 'default';

/** Where the SDK and the Temporal CLI look for a server when TEMPORAL_ADDRESS and config profiles are silent. */
export const DEFAULT_TEMPORAL_ADDRESS = 'localhost:7233';

/** The CLI release we build from source: the newest tag `go install` accepts (see reference/temporal.md §1a). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
