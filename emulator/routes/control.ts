import { ApiError, invalidField, notFound } from '../errors.js';
import { readLagMs } from '../consistency.js';
import { faultConfigSchema, type FaultConfig } from '../faults.js';
import type { Route } from '../http/router.js';
import type { RequestLogEntry } from '../request-log.js';
import type { OrgStateDump } from '../store/dump.js';
import { expectObject, optionalString, optionalStringArray } from './validate.js';

export interface CreateOrgInput {
  name?: string;
  thirdPartyOrgName?: string;
  adminClientId?: string;
  adminClientSecret?: string;
  /** Role names the org's admin client holds (default Admin and employee, store/org-factory.ts). */
  adminClientRoles?: string[];
}

export interface CreatedOrg {
  id: string;
  name: string;
  thirdPartyOrgName: string;
  homeDivisionId: string;
  adminClientId: string;
  adminClientSecret: string;
}

/** What the control API drives; implemented by the server. */
export interface EmulatorControl {
  reset(): void;
  createOrg(input: CreateOrgInput): CreatedOrg;
  orgState(idOrThirdPartyOrgName: string): OrgStateDump | undefined;
  requests(): RequestLogEntry[];
  clearRequests(): void;
  setFaults(config: FaultConfig): void;
  getFaults(): unknown;
  clearFaults(): void;
  /** Reads lag writes by `ms` from now on (emulator/consistency.ts); 0 turns the lag off. */
  setConsistencyLag(ms: number): void;
  consistencyLag(): number;
  /**
   * Moves the emulator clock forward (token expiry, rate-limit windows); returns the new offset in ms, or
   * undefined (and moves nothing) when the total would pass MAX_CLOCK_OFFSET_YEARS.
   */
  advanceClock(ms: number): number | undefined;
}

/**
 * Bounds of the clock. A clock past year 275760 makes every `new Date(now())` invalid, so `toISOString()` throws
 * in every later request (one `clock/advance` of 1e300 seconds broke the emulator until reset). Ten years per call
 * and a hundred in total cover every token and certificate lifetime a test could want.
 */
export const MAX_CLOCK_ADVANCE_SECONDS = 10 * 365 * 86_400;
export const MAX_CLOCK_OFFSET_YEARS = 100;
export const MAX_CLOCK_OFFSET_MS = MAX_CLOCK_OFFSET_YEARS * 365 * 86_400_000;

export function controlRoutes(control: EmulatorControl): Route[] {
  return [
    {
      method: 'POST',
      path: '/__emulator/reset',
      auth: 'none',
      body: 'none',
      handler: () => {
        control.reset();
        return { status: 204 };
      },
    },
    {
      method: 'POST',
      path: '/__emulator/orgs',
      auth: 'none',
      body: 'json',
      handler: (req) => {
        const obj = req.body === undefined ? {} : expectObject(req.body, 'the new org');
        const created = control.createOrg({
          name: optionalString(obj, 'name'),
          thirdPartyOrgName: optionalString(obj, 'thirdPartyOrgName'),
          adminClientId: optionalString(obj, 'adminClientId'),
          adminClientSecret: optionalString(obj, 'adminClientSecret'),
          adminClientRoles: optionalStringArray(obj, 'adminClientRoles'),
        });
        return { status: 201, body: created };
      },
    },
    {
      method: 'GET',
      path: '/__emulator/orgs/{org}/state',
      auth: 'none',
      body: 'none',
      handler: (req) => {
        const dump = control.orgState(req.params.org as string);
        if (!dump) throw notFound('Org', req.params.org);
        return { status: 200, body: dump };
      },
    },
    {
      method: 'GET',
      path: '/__emulator/requests',
      auth: 'none',
      body: 'none',
      handler: () => ({ status: 200, body: { entities: control.requests() } }),
    },
    {
      method: 'DELETE',
      path: '/__emulator/requests',
      auth: 'none',
      body: 'none',
      handler: () => {
        control.clearRequests();
        return { status: 204 };
      },
    },
    {
      // The emulator process's own CPU time, so a bench can charge CPU per request to the emulator alone
      // (robust to the load of a shared machine, unlike wall-clock throughput).
      method: 'GET',
      path: '/__emulator/cpu',
      auth: 'none',
      body: 'none',
      handler: () => {
        const { user, system } = process.cpuUsage();
        return { status: 200, body: { userMicros: user, systemMicros: system } };
      },
    },
    {
      method: 'GET',
      path: '/__emulator/faults',
      auth: 'none',
      body: 'none',
      handler: () => ({ status: 200, body: control.getFaults() }),
    },
    {
      method: 'PUT',
      path: '/__emulator/faults',
      auth: 'none',
      body: 'json',
      handler: (req) => {
        const parsed = faultConfigSchema.safeParse(req.body);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          const field = issue?.path.join('.') || 'body';
          throw invalidField(field, `faults: ${field}: ${issue?.message ?? 'invalid'}`);
        }
        control.setFaults(parsed.data);
        return { status: 200, body: control.getFaults() };
      },
    },
    {
      method: 'DELETE',
      path: '/__emulator/faults',
      auth: 'none',
      body: 'none',
      handler: () => {
        control.clearFaults();
        return { status: 204 };
      },
    },
    {
      method: 'GET',
      path: '/__emulator/consistency',
      auth: 'none',
      body: 'none',
      handler: () => ({ status: 200, body: { lagMs: control.consistencyLag() } }),
    },
    {
      method: 'PUT',
      path: '/__emulator/consistency',
      auth: 'none',
      body: 'json',
      handler: (req) => {
        const lagMs = readLagMs(expectObject(req.body, '{"lagMs": N}'));
        if (lagMs === undefined) throw invalidField('lagMs', 'lagMs must be an integer from 0 to 600000');
        control.setConsistencyLag(lagMs);
        return { status: 200, body: { lagMs } };
      },
    },
    {
      method: 'POST',
      path: '/__emulator/clock/advance',
      auth: 'none',
      body: 'json',
      handler: (req) => {
        const obj = expectObject(req.body, '{"seconds": N}');
        const seconds = obj.seconds;
        if (
          typeof seconds !== 'number' ||
          !Number.isFinite(seconds) ||
          seconds < 0 ||
          seconds > MAX_CLOCK_ADVANCE_SECONDS
        ) {
          throw new ApiError(
            400,
            'invalid.value',
            `seconds must be a number from 0 to ${MAX_CLOCK_ADVANCE_SECONDS} (ten years)`,
            { details: [{ fieldName: 'seconds' }] },
          );
        }
        const offsetMs = control.advanceClock(seconds * 1000);
        if (offsetMs === undefined) {
          throw new ApiError(
            400,
            'invalid.value',
            `the clock would pass ${MAX_CLOCK_OFFSET_YEARS} years ahead; reset the emulator (POST /__emulator/reset) first`,
            { details: [{ fieldName: 'seconds' }] },
          );
        }
        return { status: 200, body: { offsetMs } };
      },
    },
  ];
}
