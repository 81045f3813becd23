// Vitest globalSetup: some tests run the compiled CLI and worker (bin/hybrid.mjs → dist/), the code users run, so
// dist/ must match the sources. One incremental `npm run build` per test run (a few seconds when nothing changed)
// instead of trusting that whoever edited a source file remembered to rebuild.
import { execFileSync } from 'node:child_process';

const built = Symbol.for('hybrid-provisioner.test-build');

export default function setup(): void {
  const state = globalThis as { [built]?: boolean };
  if (state[built]) return; // once per vitest process, however many projects list this setup
  state[built] = true;
  execFileSync('npm', ['run', '--silent', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
}
