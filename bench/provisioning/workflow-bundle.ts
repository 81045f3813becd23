/**
 * The workflow bundle the bench's worker loads, built as `npm run build` builds the one a worker
 * without tracing loads (scripts/build-workflow-bundle.ts), but from the current sources and in a child process: webpack's memory stays out of
 * the process whose RSS the bench reports, as it stays out of a production worker, which loads a prebuilt bundle.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/build-workflow-bundle.ts', import.meta.url));

/** Writes the bundle into `dir`; resolves with its path. */
export async function buildWorkflowBundle(dir: string): Promise<string> {
  const out = join(dir, 'workflow-bundle.js');
  const child = spawn(process.execPath, ['--import', 'tsx', BUILD_SCRIPT, '--out', out], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`bundling the workflow code failed (exit ${code})`);
  return out;
}
