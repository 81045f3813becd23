/**
 * The critical-path bound of one provisioning run, computed from the emulator's request log.
 *
 * Two levels:
 * - Inside one step (one activity), which requests depend on which is read off the log: a request that the
 *   server started only after another request of the same step had ended was issued after the activity
 *   awaited that one (the activities are straight-line async code; what they issue together, with
 *   Promise.all, overlaps on the server for the whole injected latency). The step's chain is the heaviest path
 *   through that "ended before started" order, weighted by each request's server-side duration.
 * - Between steps, the dependency structure is the workflow's (workflows/provision.ts), not the log's: the
 *   preflight, then every forward step of the parallel phase at once, then the identity provider; and, from the
 *   start of the run, the certificate's key generation, which the identity provider waits for too (through the
 *   certificate step, whose write takes no measurable time). So the bound is the longer of two paths:
 *   requests: chain(preflight) + max over parallel steps of chain(step) + chain(identity provider);
 *   key:      key generation + chain(identity provider).
 */

/** One request as the emulator served it; times in epoch milliseconds on the emulator's clock. */
export interface TimedRequest {
  method: string;
  path: string;
  startMs: number;
  endMs: number;
  durationMs: number;
}

/** The subset of a `GET /__emulator/requests` entry this module reads. */
export interface LoggedRequest {
  /** ISO time at which the response was sent (the log records entries when they complete). */
  time: string;
  method: string;
  path: string;
  durationMs: number;
}

/**
 * The log records when a request completed and how long it took; its start is the difference. `time` has
 * millisecond resolution, so starts and ends carry up to 1 ms of error: see {@link ORDER_TOLERANCE_MS}.
 */
export function timedRequest(entry: LoggedRequest): TimedRequest {
  const endMs = Date.parse(entry.time);
  if (Number.isNaN(endMs)) throw new Error(`request log entry has no valid time: "${entry.time}"`);
  return {
    method: entry.method,
    path: entry.path,
    startMs: endMs - entry.durationMs,
    endMs,
    durationMs: entry.durationMs,
  };
}

/**
 * How far a start may appear to precede the previous request's end and still count as after it: the rounding
 * of the log's millisecond times. Requests issued together overlap by nearly the whole injected latency, far
 * more than this.
 */
export const ORDER_TOLERANCE_MS = 1;

export interface Chain {
  requests: TimedRequest[];
  /** Sum of the chain's server-side durations. */
  totalMs: number;
}

const EMPTY_CHAIN: Chain = { requests: [], totalMs: 0 };

/** The heaviest sequence of requests each of which started after the previous one ended. */
export function longestChain(requests: readonly TimedRequest[], toleranceMs = ORDER_TOLERANCE_MS): Chain {
  // Sorted by start, a request can only follow earlier ones: the order is acyclic even for near-zero durations.
  const sorted = [...requests].sort((a, b) => a.startMs - b.startMs);
  const best: number[] = [];
  const previous: number[] = [];
  let last = -1;
  for (let i = 0; i < sorted.length; i++) {
    const request = sorted[i]!;
    best[i] = request.durationMs;
    previous[i] = -1;
    for (let j = 0; j < i; j++) {
      const before = sorted[j]!;
      if (request.startMs >= before.endMs - toleranceMs && best[j]! + request.durationMs > best[i]!) {
        best[i] = best[j]! + request.durationMs;
        previous[i] = j;
      }
    }
    if (last < 0 || best[i]! > best[last]!) last = i;
  }
  if (last < 0) return EMPTY_CHAIN;
  const chain: TimedRequest[] = [];
  for (let i = last; i >= 0; i = previous[i]!) chain.unshift(sorted[i]!);
  return { requests: chain, totalMs: best[last]! };
}

export type Phase = 'interlock' | 'key-generation' | 'preflight' | 'parallel' | 'identity-provider';

/** The bench's name for the certificate's key generation, which starts with the run (no progress-table row). */
export const KEY_GENERATION_STEP = 'certificate-key';
/** The bench's name for the check that no other run of the org is open (a Temporal call, no org requests). */
export const INTERLOCK_STEP = 'interlock';

/** Where a step of workflows/provision.ts runs: its step names are the workflow's progress-table names. */
export function phaseOf(step: string): Phase {
  if (step === 'preflight') return 'preflight';
  if (step === 'identity-provider') return 'identity-provider';
  if (step === KEY_GENERATION_STEP) return 'key-generation';
  if (step === INTERLOCK_STEP) return 'interlock';
  return 'parallel';
}

export interface StepChain {
  step: string;
  chain: Chain;
}

export interface CriticalPathBound {
  preflight: Chain;
  /** The parallel step with the heaviest chain (the certificate step makes no requests: chain 0). */
  slowestParallelStep: StepChain;
  parallelSteps: StepChain[];
  identityProvider: Chain;
  /** preflight + slowest parallel step + identity provider. */
  requestChainMs: number;
  /** The key generation's time (as measured by the caller) + identity provider. */
  keyPathMs: number;
  /** The longer of the two paths. */
  totalMs: number;
  limitedBy: 'requests' | 'key generation';
  /** preflight, slowest parallel step and identity provider, in order. */
  requests: TimedRequest[];
}

/**
 * The bound for one run, from each step's requests (keyed by step name) and the time the run's key generation
 * took (0 when the run generated no key ahead: then the certificate step is an ordinary parallel step).
 */
export function criticalPathBound(
  requestsByStep: ReadonlyMap<string, readonly TimedRequest[]>,
  keyGenerationMs = 0,
): CriticalPathBound {
  const chainOf = (step: string) => longestChain(requestsByStep.get(step) ?? []);
  const parallelSteps = [...requestsByStep.keys()]
    .filter((step) => phaseOf(step) === 'parallel')
    .map((step) => ({ step, chain: chainOf(step) }));
  const slowestParallelStep = parallelSteps.reduce<StepChain>(
    (slowest, s) => (s.chain.totalMs > slowest.chain.totalMs ? s : slowest),
    { step: '(none)', chain: EMPTY_CHAIN },
  );
  const preflight = chainOf('preflight');
  const identityProvider = chainOf('identity-provider');
  const requestChainMs = preflight.totalMs + slowestParallelStep.chain.totalMs + identityProvider.totalMs;
  const keyPathMs = keyGenerationMs + identityProvider.totalMs;
  return {
    preflight,
    slowestParallelStep,
    parallelSteps,
    identityProvider,
    requestChainMs,
    keyPathMs,
    totalMs: Math.max(requestChainMs, keyPathMs),
    limitedBy: keyPathMs > requestChainMs ? 'key generation' : 'requests',
    requests: [...preflight.requests, ...slowestParallelStep.chain.requests, ...identityProvider.requests],
  };
}
