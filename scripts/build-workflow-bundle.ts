/**
 * Part of `npm run build`: bundles the workflow code once into dist/workflow-bundle.js, which the compiled worker
 * loads (`workflowBundle: { codePath }`) instead of running webpack on every start. The failure converter and the
 * tracing workflow interceptor are bundled in, as Worker.create would do from its options.
 *
 * `--out <file>` writes elsewhere: the benches bundle in a child process this way, so that webpack's memory
 * (about 125 MiB that stays resident) is not counted in the worker process they measure.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../codec/data-converter.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { WORKFLOW_BUNDLE_PATH } from '../build/layout.js';
import { tracingWorkflowInterceptorModule } from '../observability/tracing.js';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const outPath = values.out ? path.resolve(values.out) : WORKFLOW_BUNDLE_PATH;

const started = performance.now();
const { code } = await bundleWorkflowCode({
  workflowsPath: WORKFLOWS_PATH,
  failureConverterPath: FAILURE_CONVERTER_PATH,
  // Always in: a prebuilt bundle ignores Worker.create's workflowModules, and the module is inert unless the
  // worker registers the `exporter` sink (tracing on); create-worker.ts gives it a silent one otherwise.
  workflowInterceptorModules: [tracingWorkflowInterceptorModule()],
  logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
});
await mkdir(path.dirname(outPath), { recursive: true });
await writeFile(outPath, code);
console.log(
  `workflow bundle: ${path.relative(process.cwd(), outPath)} ` +
    `(${(code.length / 1024).toFixed(0)} KiB, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
);
