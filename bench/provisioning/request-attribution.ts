/**
 * Which activity call made which emulator request, without touching the activities or the HTTP client.
 *
 * Each activity call runs inside an AsyncLocalStorage scope. undici publishes `undici:request:create`
 * synchronously in the caller's async context, so the scope is known there; `undici:request:headers` then
 * carries the response's `ININ-Correlation-Id`, which is also the request log's `correlationId`. The result is
 * a map from correlation id to activity call, which lets the bench split the emulator's log by step.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import { INTERLOCK_STEP, KEY_GENERATION_STEP } from './critical-path.js';

export interface ActivityCall {
  /** The workflow id (Temporal) or the org label (sequential baseline) the call belongs to. */
  run: string;
  activity: string;
  /** The workflow's step name, e.g. `preflight`, `oauth-client:PureEngage WDE`. */
  step: string;
  attempt: number;
  startMs: number;
  endMs?: number;
  failed?: boolean;
}

const CORRELATION_HEADER = 'inin-correlation-id';

interface CreateMessage {
  request: object;
}
interface HeadersMessage {
  request: object;
  response: { headers: (Buffer | string)[] };
}

function correlationIdOf(rawHeaders: (Buffer | string)[]): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (String(rawHeaders[i]).toLowerCase() === CORRELATION_HEADER) return String(rawHeaders[i + 1]);
  }
  return undefined;
}

export class RequestAttribution {
  readonly calls: ActivityCall[] = [];
  private readonly scope = new AsyncLocalStorage<ActivityCall>();
  private readonly inFlight = new WeakMap<object, ActivityCall>();
  private readonly byCorrelationId = new Map<string, ActivityCall>();

  private readonly onCreate = (message: unknown) => {
    const call = this.scope.getStore();
    if (call) this.inFlight.set((message as CreateMessage).request, call);
  };

  private readonly onHeaders = (message: unknown) => {
    const { request, response } = message as HeadersMessage;
    const call = this.inFlight.get(request);
    const correlationId = call && correlationIdOf(response.headers);
    if (call && correlationId) this.byCorrelationId.set(correlationId, call);
  };

  start(): void {
    diagnosticsChannel.subscribe('undici:request:create', this.onCreate);
    diagnosticsChannel.subscribe('undici:request:headers', this.onHeaders);
  }

  stop(): void {
    diagnosticsChannel.unsubscribe('undici:request:create', this.onCreate);
    diagnosticsChannel.unsubscribe('undici:request:headers', this.onHeaders);
  }

  /** Runs `fn` as one activity call: every request it makes is attributed to `call`. */
  async track<R>(call: Omit<ActivityCall, 'startMs'>, fn: () => Promise<R>): Promise<R> {
    const record: ActivityCall = { ...call, startMs: performance.now() };
    this.calls.push(record);
    try {
      return await this.scope.run(record, fn);
    } catch (err) {
      record.failed = true;
      throw err;
    } finally {
      record.endMs = performance.now();
    }
  }

  callFor(correlationId: string): ActivityCall | undefined {
    return this.byCorrelationId.get(correlationId);
  }

  clear(): void {
    this.calls.length = 0;
    this.byCorrelationId.clear();
  }
}

/** The workflow's step name for an activity call, read from the activity's input as the workflow builds it. */
export function stepOf(activity: string, input: unknown): string {
  const i = (input ?? {}) as { wanted?: { name?: string; email?: string }; role?: { name?: string } };
  switch (activity) {
    case 'describeOpenRun':
      return INTERLOCK_STEP;
    case 'inspectOrg':
      return 'preflight';
    case 'prepareCertificate':
      return KEY_GENERATION_STEP;
    case 'ensureCertificate':
      return 'certificate';
    case 'ensureOAuthClient':
      return `oauth-client:${i.wanted?.name ?? '?'}`;
    case 'grantRolePermissions':
      return `role-permissions:${i.role?.name ?? '?'}`;
    case 'ensureAdmin':
      return `admin:${i.wanted?.email ?? '?'}`;
    case 'ensureIdentityProvider':
      return 'identity-provider';
    case 'verifyOrg':
      return 'verification';
    default:
      // Compensations: a bench run that needs them has failed, and says so.
      return `compensation:${activity}`;
  }
}
