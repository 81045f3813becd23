/**
 * Where the project's files are, whether the running code is the TypeScript sources (tests, tsx, benches) or the
 * compiled build in dist/ (the CLI, the worker, the local stack's services). dist/ mirrors the source tree, so a
 * compiled module sits one folder deeper than its source, and files that are not TypeScript (the failure
 * converter, the spec's JSON Schema, examples) are always read from the source tree.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** True when this module was loaded from dist/ (compiled JavaScript); false under tsx or vitest. */
export const RUNNING_FROM_BUILD = import.meta.url.endsWith('.js');

export const PROJECT_ROOT = fileURLToPath(new URL(RUNNING_FROM_BUILD ? '../../' : '../', import.meta.url));

/** `npm run build`'s output: tsc's JavaScript and the prebundled workflow code. */
export const BUILD_DIR = path.join(PROJECT_ROOT, 'dist');

/** The workflow code bundled by `npm run build` (scripts/build-workflow-bundle.ts), which a compiled worker loads. */
export const WORKFLOW_BUNDLE_PATH = path.join(BUILD_DIR, 'workflow-bundle.js');

/** The same code with the OpenTelemetry workflow interceptor bundled in, which a compiled worker loads when tracing. */
export const TRACING_WORKFLOW_BUNDLE_PATH = path.join(BUILD_DIR, 'workflow-bundle-tracing.js');

/** What a user should run when dist/ is missing or incomplete. */
export const BUILD_HINT = 'run `npm run build` (`npm install` runs it too)';

/** An absolute path in the source tree, e.g. `sourcePath('codec/failure-converter.cjs')`. */
export function sourcePath(relativePath: string): string {
  return path.join(PROJECT_ROOT, relativePath);
}

/** The compiled twin of a TypeScript source: `worker/main.ts` → `<root>/dist/worker/main.js`. */
export function compiledPath(relativeSourcePath: string): string {
  return path.join(BUILD_DIR, relativeSourcePath.replace(/\.ts$/, '.js'));
}

/**
 * Node's arguments to run a TypeScript entry point the way this process runs: its compiled twin from a compiled
 * process (no tsx at run time), the source through tsx's loader from a source process (tests then start
 * services from the very code they test, never from a stale dist/).
 */
export function nodeArgsFor(relativeSourcePath: string): string[] {
  if (RUNNING_FROM_BUILD) return [compiledPath(relativeSourcePath)];
  // An absolute URL, so the loader resolves whatever the child's working directory.
  const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return ['--import', tsxLoader, sourcePath(relativeSourcePath)];
}
