import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate, type Principal } from './auth.js';
import type { AppContext } from './context.js';
import { ConsistencyLag } from './consistency.js';
import { ApiError, OAuthError, asOAuthError } from './errors.js';
import { FaultInjector, faultConfigSchema, type FaultConfig, type FaultOutcome } from './faults.js';
import { abortedRequestLog, RequestAbortedError } from './http/aborted-requests.js';
import { parseBody, readBody } from './http/body.js';
import { Router, type HandlerResult, type RequestContext } from './http/router.js';
import { newSecret } from './ids.js';
import { TokenRateLimiter, rateLimitError } from './rate-limit.js';
import { RequestLog, type RequestLogEntry } from './request-log.js';
import {
  controlRoutes,
  MAX_CLOCK_OFFSET_MS,
  type CreateOrgInput,
  type CreatedOrg,
  type EmulatorControl,
} from './routes/control.js';
import { grantRoutes } from './routes/grants.js';
import { identityProviderRoutes } from './routes/identity-providers.js';
import { oauthClientUsageRoutes } from './routes/oauth-client-usage.js';
import { oauthClientRoutes } from './routes/oauth-clients.js';
import { organizationRoutes } from './routes/organization.js';
import { permissionRoutes } from './routes/permissions.js';
import { roleRoutes } from './routes/roles.js';
import { tokenRoutes } from './routes/token.js';
import { userRoutes } from './routes/users.js';
import { loadSamlVerifier } from './saml-verifier.js';
import { applySeed, type SeedFile } from './seed.js';
import { dumpOrg, type OrgStateDump } from './store/dump.js';
import { DEFAULT_ADMIN_CLIENT_ROLES, buildOrg, roleIdsByName } from './store/org-factory.js';
import { StateFileWriter, readStateFile } from './store/persistence.js';
import { EmulatorStore, type StateSnapshot } from './store/state.js';

export interface EmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1: the emulator is a local test double, not a network service. */
  host?: string;
  adminClientId?: string;
  adminClientSecret?: string;
  /** Roles (names) of the default org's admin client; default Admin and employee (store/org-factory.ts). */
  adminClientRoles?: string[];
  /** Reads lag writes by this many ms (emulator/consistency.ts); default 0; changeable via the control API. */
  consistencyLagMs?: number;
  orgName?: string;
  thirdPartyOrgName?: string;
  /** JSON state file: loaded at start when present, rewritten (debounced, atomically) after each change. */
  stateFile?: string;
  seed?: SeedFile;
  /** Requests per minute per access token; default 300; 0 disables the limit. */
  rateLimitPerMinute?: number;
  faults?: FaultConfig;
  /** Seed for the faults' PRNG when the fault config has none; default 1. */
  faultSeed?: number;
  /** Clock in epoch milliseconds (tests inject one they can advance). */
  now?: () => number;
  /** Connection timeouts; the defaults suit every client (see SERVER_TIMEOUTS). Tests shorten them. */
  timeouts?: Partial<ServerTimeouts>;
}

export interface ServerTimeouts {
  /** The whole request (headers and body) must arrive within this; a slow-body (slowloris) client is cut off. */
  requestMs: number;
  /** The headers must arrive within this. */
  headersMs: number;
  /** An idle keep-alive connection is closed after this. */
  keepAliveMs: number;
}

/**
 * Node's defaults let a client that sends its body a byte at a time hold a socket for 300 s (measured: > 130 s).
 * Every request to the emulator is small (1 MiB at most) and local, so 30 s for the whole request and 15 s for the
 * headers leave ample room. Keep-alive: 65 s, longer than the clients' own idle timeouts (undici 4 s, the SDK's
 * axios agent none), so the server is never the one to close a connection a client is about to reuse.
 */
export const SERVER_TIMEOUTS: ServerTimeouts = { requestMs: 30_000, headersMs: 15_000, keepAliveMs: 65_000 };

export interface RunningEmulator {
  url: string;
  port: number;
  adminClientId: string;
  adminClientSecret: string;
  defaultOrg: { id: string; thirdPartyOrgName: string; name: string; homeDivisionId: string };
  control: EmulatorControl;
  /** Writes the state file now (when one is configured). */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const ERROR_CODES: Record<500 | 503 | 504, string> = {
  500: 'internal.server.error',
  503: 'service.unavailable',
  504: 'request.timeout',
};

const TOKEN_PATH = '/oauth/token';

function injectedError(status: 500 | 503 | 504): ApiError {
  return new ApiError(status, ERROR_CODES[status], `Injected fault: the service answered ${status}`);
}

/** An environment variable, with empty meaning unset. */
export function envValue(name: string): string | undefined {
  const v = process.env[name];
  return v === undefined || v === '' ? undefined : v;
}

function badRequestTarget(): ApiError {
  return new ApiError(400, 'bad.request', 'The request target is not a valid URL path');
}

/** The request target as a URL, parsed once (URL.canParse then new URL parsed every target twice). */
function parseTarget(target: string): URL | undefined {
  try {
    return new URL(target, 'http://emulator.invalid');
  } catch {
    return undefined;
  }
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function clientIdFromBasic(header: string | undefined): string | undefined {
  const m = /^basic\s+(\S+)/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : decoded.slice(0, colon);
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<RunningEmulator> {
  let clockOffsetMs = 0;
  const baseNow = opts.now ?? Date.now;
  const now = () => baseNow() + clockOffsetMs;

  const store = new EmulatorStore();
  const thirdPartyOrgName = opts.thirdPartyOrgName ?? 'emulator-org';
  const givenId = opts.adminClientId ?? envValue('EMULATOR_ADMIN_CLIENT_ID');
  const givenSecret = opts.adminClientSecret ?? envValue('EMULATOR_ADMIN_CLIENT_SECRET');
  const adminClientId = givenId ?? randomUUID();
  const adminClientSecret = givenSecret ?? newSecret();
  const credentialsGiven = givenId !== undefined || givenSecret !== undefined;

  // The initial snapshot is what `reset` returns to: the default org plus the seed.
  const { org: defaultOrg } = buildOrg({
    name: opts.orgName ?? 'Emulator Org',
    thirdPartyOrgName,
    adminClientId,
    adminClientSecret,
    adminClientRoles: opts.adminClientRoles,
    now: new Date(now()),
  });
  store.addOrg(defaultOrg);
  store.defaultOrgId = defaultOrg.id;
  if (opts.seed) applySeed(store, opts.seed, new Date(now()));
  const initial: StateSnapshot = clone(store.snapshot());

  let admin = { id: adminClientId, secret: adminClientSecret };
  if (opts.stateFile) {
    const saved = await readStateFile(opts.stateFile);
    if (saved) {
      store.restore(saved);
      admin = adoptAdminClient(
        store,
        admin,
        credentialsGiven,
        givenSecret !== undefined,
        opts.adminClientRoles ?? DEFAULT_ADMIN_CLIENT_ROLES,
      );
    }
  }

  const writer = opts.stateFile ? new StateFileWriter(opts.stateFile, () => store.snapshot()) : undefined;
  const changed = () => writer?.schedule();
  const rateLimiter = new TokenRateLimiter(opts.rateLimitPerMinute ?? 300, now);
  const faults = new FaultInjector(opts.faultSeed ?? 1);
  if (opts.faults) faults.set(faultConfigSchema.parse(opts.faults));
  const log = new RequestLog();
  const initialLagMs = opts.consistencyLagMs ?? 0;
  const consistency = new ConsistencyLag(initialLagMs, now);
  const app: AppContext = {
    store,
    now,
    changed,
    consistency,
    samlVerifier: loadSamlVerifier,
    requests: () => log.list(),
  };

  const control: EmulatorControl = {
    reset() {
      store.restore(clone(initial));
      faults.clear();
      rateLimiter.reset();
      log.clear();
      clockOffsetMs = 0;
      consistency.clear();
      consistency.set(initialLagMs);
      admin = { id: adminClientId, secret: adminClientSecret };
      changed();
    },
    createOrg(input: CreateOrgInput): CreatedOrg {
      const shortName = input.thirdPartyOrgName ?? `org-${randomUUID().slice(0, 8)}`;
      if (!/^[a-z0-9-]+$/i.test(shortName)) {
        throw new ApiError(
          400,
          'invalid.value',
          'thirdPartyOrgName may hold letters, digits and hyphens only',
          {
            details: [{ fieldName: 'thirdPartyOrgName' }],
          },
        );
      }
      if (store.findOrg(shortName))
        throw new ApiError(409, 'general.conflict', `An org named ${shortName} already exists`);
      if (input.adminClientId && store.findClient(input.adminClientId)) {
        throw new ApiError(409, 'general.conflict', `A client with id ${input.adminClientId} already exists`);
      }
      const built = (() => {
        try {
          return buildOrg({
            name: input.name ?? shortName,
            thirdPartyOrgName: shortName,
            adminClientId: input.adminClientId,
            adminClientSecret: input.adminClientSecret,
            adminClientRoles: input.adminClientRoles,
            now: new Date(now()),
          });
        } catch (error) {
          throw new ApiError(400, 'invalid.value', (error as Error).message, {
            details: [{ fieldName: 'adminClientRoles' }],
          });
        }
      })();
      const { org, adminClient } = built;
      store.addOrg(org);
      changed();
      return {
        id: org.id,
        name: org.name,
        thirdPartyOrgName: org.thirdPartyOrgName,
        homeDivisionId: org.homeDivision.id,
        adminClientId: adminClient.id,
        adminClientSecret: adminClient.secret,
      };
    },
    orgState(idOrName: string): OrgStateDump | undefined {
      const org = store.findOrg(idOrName);
      return org ? dumpOrg(org) : undefined;
    },
    requests: () => log.list(),
    clearRequests: () => log.clear(),
    setFaults: (config) => faults.set(faultConfigSchema.parse(config)),
    getFaults: () => faults.get(),
    clearFaults: () => faults.clear(),
    setConsistencyLag(ms: number) {
      consistency.set(ms);
    },
    consistencyLag: () => consistency.ms,
    advanceClock(ms: number) {
      if (!Number.isFinite(ms) || ms < 0 || clockOffsetMs + ms > MAX_CLOCK_OFFSET_MS) return undefined;
      clockOffsetMs += ms;
      return clockOffsetMs;
    },
  };

  const api = new Router();
  api.add([
    ...tokenRoutes,
    ...oauthClientRoutes,
    ...oauthClientUsageRoutes,
    ...identityProviderRoutes,
    ...roleRoutes,
    ...permissionRoutes,
    ...userRoutes,
    ...grantRoutes,
    ...organizationRoutes,
  ]);
  const controlRouter = new Router();
  controlRouter.add(controlRoutes(control));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const correlationId = randomUUID();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = parseTarget(req.url ?? '/');
    if (!url) {
      req.resume();
      send(res, correlationId, errorResult(badRequestTarget(), correlationId));
      return;
    }
    const path = url.pathname;
    const isControl = path.startsWith('/__emulator/');
    const isTokenEndpoint = path === TOKEN_PATH;
    let principal: Principal | undefined;
    let fault: string | undefined;
    let outcome: FaultOutcome = { kind: 'none' };
    let result: HandlerResult;

    try {
      const raw = await readBody(req);
      const matched = (isControl ? controlRouter : api).match(method, path);
      if (!matched) throw new ApiError(404, 'not.found', `No resource matches ${method} ${path}`);
      if (raw === 'too-large')
        throw new ApiError(413, 'request.entity.too.large', 'The request body exceeds 1 MiB');
      if (!isControl) {
        const decision = faults.decide(method, path);
        outcome = decision.outcome;
        if (decision.latencyMs > 0) await sleep(decision.latencyMs);
        if (outcome.kind === 'error') {
          fault = `error:${outcome.status}`;
          throw injectedError(outcome.status);
        }
        if (outcome.kind === 'rateLimit') {
          fault = 'rateLimit';
          throw rateLimitError(outcome.retryAfterSeconds);
        }
      }
      const { route, params } = matched;
      const body = parseBody(route.body, req.headers['content-type'], raw);
      // `principal` is in the literal from the start and set below, rather than `{ ...ctx, principal }`: that
      // spread gave every request's context a hidden class of its own (emulator/objects.ts).
      const ctx: RequestContext & { principal?: Principal } = {
        method,
        path,
        query: url.searchParams,
        params,
        headers: req.headers,
        body: body.json,
        form: body.form,
        correlationId,
        app,
        principal: undefined,
      };
      if (route.auth === 'bearer') {
        principal = authenticate(store, req.headers.authorization, now());
        rateLimiter.check(principal.token.token);
        result = await route.handler(Object.assign(ctx, { principal }));
      } else {
        result = await route.handler(ctx);
      }
    } catch (err) {
      if (err instanceof RequestAbortedError) {
        // Nobody is left to answer.
        aborted.note(method, path);
        return;
      }
      result = errorResult(err, correlationId, isTokenEndpoint);
    }

    if (outcome.kind === 'loseResponse') {
      // The handler ran (the write is committed); the caller never learns the outcome.
      fault = `loseResponse:${outcome.mode}`;
      if (outcome.mode === 'drop') {
        req.socket.destroy();
        record(result.status);
        return;
      }
      result = errorResult(injectedError(outcome.status), correlationId, isTokenEndpoint);
    }
    send(res, correlationId, result);
    record(result.status);

    function record(status: number): void {
      const entry: RequestLogEntry = {
        time: new Date(now()).toISOString(),
        method,
        path,
        status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        correlationId,
      };
      const clientId =
        principal?.client.id ?? (isTokenEndpoint ? clientIdFromBasic(req.headers.authorization) : undefined);
      if (clientId) entry.clientId = clientId;
      if (principal?.user) entry.userId = principal.user.id;
      if (fault) entry.fault = fault;
      log.add(entry);
    }
  }

  const aborted = abortedRequestLog();
  const timeouts = { ...SERVER_TIMEOUTS, ...opts.timeouts };
  // Node checks the request and headers timeouts on this interval (default 30 s): check often enough to honour them.
  const connectionsCheckingInterval = Math.max(100, Math.min(5_000, timeouts.headersMs / 2));
  const server: Server = createServer({ connectionsCheckingInterval }, (req, res) => {
    handle(req, res).catch((err: unknown) => {
      // Last resort: never leave a request hanging.
      process.stderr.write(`emulator: unhandled ${(err as Error).stack ?? String(err)}\n`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'application/json' });
      res.end();
    });
  });
  server.requestTimeout = timeouts.requestMs;
  server.headersTimeout = timeouts.headersMs;
  server.keepAliveTimeout = timeouts.keepAliveMs;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = opts.host ?? '127.0.0.1';

  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    get adminClientId() {
      return admin.id;
    },
    get adminClientSecret() {
      return admin.secret;
    },
    // A getter: after `reset()` of a state-file run the default org is the freshly built one again.
    get defaultOrg() {
      const org = store.defaultOrg();
      return {
        id: org.id,
        name: org.name,
        thirdPartyOrgName: org.thirdPartyOrgName,
        homeDivisionId: org.homeDivision.id,
      };
    },
    control,
    flush: async () => writer?.flush(),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      aborted.flush();
      await writer?.flush();
    },
  };
}

/**
 * On restart from a state file the saved default org keeps its admin client. Credentials given by flag or
 * environment win: the admin client is updated (or re-created) to match them.
 */
function adoptAdminClient(
  store: EmulatorStore,
  wanted: { id: string; secret: string },
  credentialsGiven: boolean,
  secretGiven: boolean,
  roleNames: readonly string[],
): { id: string; secret: string } {
  const org = store.defaultOrg();
  const adminRole = org.roles.find((r) => r.defaultRoleId === 'admin');
  const existing = org.clients.find((c) => c.id === wanted.id);
  if (existing) {
    if (secretGiven) existing.secret = wanted.secret;
    return { id: existing.id, secret: existing.secret };
  }
  if (!credentialsGiven) {
    const saved = org.clients.find(
      (c) =>
        c.authorizedGrantType === 'CLIENT-CREDENTIALS' &&
        c.roleDivisions.some((rd) => rd.roleId === adminRole?.id),
    );
    if (saved) return { id: saved.id, secret: saved.secret };
  }
  const at = new Date().toISOString();
  org.clients.push({
    id: wanted.id,
    secret: wanted.secret,
    name: 'Emulator admin client',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    accessTokenValiditySeconds: 86400,
    registeredRedirectUri: [],
    scope: [],
    roleDivisions: roleIdsByName(org.roles, roleNames).map((roleId) => ({
      roleId,
      divisionId: org.homeDivision.id,
    })),
    state: 'active',
    dateCreated: at,
    dateModified: at,
  });
  return wanted;
}

/** Errors become the Platform API's ErrorBody, except on the token endpoint, which speaks OAuth only. */
function errorResult(err: unknown, correlationId: string, isTokenEndpoint = false): HandlerResult {
  if (isTokenEndpoint && !(err instanceof OAuthError)) {
    const apiError =
      err instanceof ApiError
        ? err
        : new ApiError(500, 'internal.server.error', 'The emulator failed to handle the request');
    if (!(err instanceof ApiError))
      process.stderr.write(`emulator: token handler failed: ${(err as Error).stack ?? String(err)}\n`);
    return errorResult(asOAuthError(apiError), correlationId);
  }
  if (err instanceof OAuthError) {
    return {
      status: err.status,
      body: err.toBody(),
      ...(Object.keys(err.headers).length > 0 ? { headers: err.headers } : {}),
    };
  }
  if (err instanceof ApiError) {
    return { status: err.status, body: err.toBody(correlationId), headers: err.extra.headers };
  }
  if (err instanceof URIError) {
    return {
      status: 400,
      body: new ApiError(400, 'bad.request', 'The request path is not valid URI encoding').toBody(
        correlationId,
      ),
    };
  }
  process.stderr.write(`emulator: handler failed: ${(err as Error).stack ?? String(err)}\n`);
  return {
    status: 500,
    body: new ApiError(500, 'internal.server.error', 'The emulator failed to handle the request').toBody(
      correlationId,
    ),
  };
}

function send(res: ServerResponse, correlationId: string, result: HandlerResult): void {
  const headers: Record<string, string> = { 'ININ-Correlation-Id': correlationId, ...result.headers };
  if (result.body === undefined || result.status === 204) {
    res.writeHead(result.status, headers);
    res.end();
    return;
  }
  // Encoded once: its length is the Content-Length, and the socket takes the bytes as they are. A string body
  // was measured twice (Buffer.byteLength), copied into one string with the headers, then encoded again.
  const bytes = Buffer.from(JSON.stringify(result.body), 'utf8');
  headers['Content-Type'] = 'application/json';
  headers['Content-Length'] = String(bytes.length);
  res.writeHead(result.status, headers);
  res.end(bytes);
}
