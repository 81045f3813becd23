/**
 * Part of `npm run build`: bundles the workflow code once, which the compiled worker loads (`workflowBundle:
 * { codePath }`) instead of running webpack on every start, in two variants: dist/workflow-bundle.js, and
 * dist/workflow-bundle-tracing.js with the OpenTelemetry workflow interceptor bundled in, as Worker.create would
 * do from its options when tracing is on. The failure converter is in both.
 *
 * Two bundles because the reusable V8 context instantiates a bundle's modules once per cached run: the
 * interceptor's OpenTelemetry modules cost each run about 0.9 MiB of the workflow thread's heap and 10 ms of its
 * CPU even when nothing exports the spans (bench:provision --orgs 200 --heap-snapshot), so a worker that does
 * not trace loads the bundle without them.
 *
 * `--out <file>` writes one bundle elsewhere (`--tracing` for the traced one): the benches bundle in a child
 * process this way, so that webpack's memory (about 125 MiB that stays resident) is not counted in the worker
 * process they measure.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleWorkflowCode } from '@temporalio/worker';
import { FAILURE_CONVERTER_PATH } from '../codec/data-converter.js';
import { WORKFLOWS_PATH } from '../worker/create-worker.js';
import { TRACING_WORKFLOW_BUNDLE_PATH, WORKFLOW_BUNDLE_PATH } from '../build/layout.js';
import { tracingWorkflowInterceptorModule } from '../observability/tracing.js';

const { values } = parseArgs({
  options: { out: { type: 'string' }, tracing: { type: 'boolean', default: false } },
});

async function writeBundle(outPath: string, tracing: boolean): Promise<void> {
  const started = performance.now();
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    failureConverterPath: FAILURE_CONVERTER_PATH,
    // A prebuilt bundle ignores Worker.create's workflowModules: the traced variant carries the interceptor itself.
    workflowInterceptorModules: tracing ? [tracingWorkflowInterceptorModule()] : [],
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error },
  });
  await mkdir(path.dirname(outPath), { recursive: true });
  await writeFile(outPath, code);
  console.log(
    `workflow bundle: ${path.relative(process.cwd(), outPath)} ` +
      `(${(code.length / 1024).toFixed(0)} KiB, ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
}

if (values.out) {
  await writeBundle(path.resolve(values.out), values.tracing);
} else {
  await writeBundle(WORKFLOW_BUNDLE_PATH, false);
  await writeBundle(TRACING_WORKFLOW_BUNDLE_PATH, true);
}
