/**
 * OpenTelemetry traces, only when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is
 * set: otherwise nothing here is loaded (the OpenTelemetry modules are imported on demand) and nothing is
 * exported.
 *
 * One trace per run: the CLI's command span → the client's `StartWorkflow` span (Temporal's client
 * interceptor) → `RunWorkflow` in the worker (workflow interceptors, spans leave the sandbox through the
 * `exporter` sink) → `StartActivity` / `RunActivity` (activity interceptor) → one span per Genesys HTTP
 * request (undici instrumentation, which sees the activity's span as the active context). The context
 * crosses processes in Temporal headers. Spans go out over OTLP/HTTP (JSON) to the endpoint, with the
 * standard OTEL_EXPORTER_OTLP_* settings (headers, timeout) read by the exporter itself.
 */
import { createRequire } from 'node:module';
import type { WorkflowClientInterceptor } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';

export interface Tracing {
  /** Spread into Worker.create: workflow + activity interceptors and the sink that exports workflow spans. */
  workerOptions: Pick<WorkerOptions, 'interceptors' | 'sinks'>;
  /** For `new Client({ interceptors: { workflow } })`: starting, signalling… a workflow carries the trace. */
  clientInterceptors: WorkflowClientInterceptor[];
  /** Runs `fn` inside a new span (a CLI command), ending it with fn's outcome. */
  inSpan<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Flushes pending spans and stops exporting (before the process exits). */
  shutdown(): Promise<void>;
}

/** Whether tracing is asked for: the standard OTLP endpoint variables, nothing of our own. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * The workflow interceptor module of `@temporalio/interceptors-opentelemetry`. A worker from the sources bundles
 * it from `interceptors.workflowModules` above; a prebuilt bundle ignores that option, so `npm run build` bundles
 * it into dist/workflow-bundle-tracing.js, the code a compiled worker loads only when it traces
 * (worker/create-worker.ts), and leaves it out of dist/workflow-bundle.js (scripts/build-workflow-bundle.ts says
 * why). Runs may move between the two, so the replay test replays every history on both.
 */
export function tracingWorkflowInterceptorModule(): string {
  return createRequire(import.meta.url).resolve(
    '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
  );
}

let started: Promise<Tracing | undefined> | undefined;
let current: Tracing | undefined;

/** Starts tracing once per process when requested; later calls return the same instance. */
export function startTracing(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Tracing | undefined> {
  started ??= tracingRequested(env) ? createTracing(serviceName) : Promise.resolve(undefined);
  return started;
}

/** The tracing startTracing set up in this process, if any (synchronous, for client construction). */
export function activeTracing(): Tracing | undefined {
  return current;
}

async function createTracing(serviceName: string): Promise<Tracing> {
  const [
    otel,
    { NodeTracerProvider },
    { BatchSpanProcessor },
    { OTLPTraceExporter },
    { Resource },
    undici,
    temporal,
  ] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/instrumentation-undici'),
    import('@temporalio/interceptors-opentelemetry'),
  ]);
  const resource = new Resource({ 'service.name': serviceName });
  // Endpoint, headers and timeout from the standard OTEL_EXPORTER_OTLP_* variables.
  const processor = new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  // Global provider, AsyncLocalStorage context manager and W3C propagator: what the interceptors use.
  provider.register();
  // Subscribes to undici's diagnostics channels on construction: every request the Genesys client sends.
  const instrumentation = new undici.UndiciInstrumentation();
  instrumentation.setTracerProvider(provider);
  const tracer = otel.trace.getTracer('hybrid-provisioner');

  const clientInterceptors = [new temporal.OpenTelemetryWorkflowClientInterceptor()];
  current = {
    clientInterceptors,
    workerOptions: {
      interceptors: {
        client: { workflow: clientInterceptors },
        workflowModules: [tracingWorkflowInterceptorModule()],
        activity: [
          (ctx) => ({
            inbound: new temporal.OpenTelemetryActivityInboundInterceptor(ctx),
            outbound: new temporal.OpenTelemetryActivityOutboundInterceptor(ctx),
          }),
        ],
      },
      sinks: { exporter: temporal.makeWorkflowExporter(processor, resource) },
    },
    inSpan: (name, fn) =>
      tracer.startActiveSpan(name, async (span) => {
        try {
          return await fn();
        } catch (error) {
          span.setStatus({ code: otel.SpanStatusCode.ERROR });
          throw error;
        } finally {
          span.end();
        }
      }),
    shutdown: async () => {
      instrumentation.disable();
      await provider.shutdown();
    },
  };
  return current;
}
