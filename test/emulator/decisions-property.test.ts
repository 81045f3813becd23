/**
 * Plan, provision and verify hold together, for generated specs and org states: whatever the decisions say
 * (decisions/, what `plan` prints), provisioning makes exactly those write requests, as the emulator's
 * request log shows, and afterwards the decisions say nothing (plan empty) and `hybrid verify`'s own judgement
 * (the verifyOrg activity: drift, certificate, checklist, handoff) finds every check ok.
 *
 * No Temporal: the activities run in this process, with the workflow's step inputs in its step table's order
 * (workflows/provision-steps.ts, through bench/provisioning's sequential provisioner), against an in-process
 * emulator with one fresh org per case, so hundreds of cases take seconds. The end-to-end cases through the
 * real workflow are in test/integration/provisioning/.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificate } from '../../activities/certificate.js';
import { closeGenesysClients } from '../../activities/genesys-session.js';
import { verifyOrg } from '../../activities/verify-org.js';
import { provisionSequentially } from '../../bench/provisioning/sequential-provision.js';
import type { Change } from '../../decisions/changes.js';
import { providerCertificateBodies } from '../../decisions/identity-provider.js';
import { allProblems, decideOrg } from '../../decisions/org.js';
import type { RunningEmulator } from '../../emulator/server.js';
import { readOrgState } from '../../org-state/read-org-state.js';
import { withoutRunMarker } from '../../provisioning/run-marker.js';
import { toProvisionInput } from '../../provisioning/spec-to-input.js';
import { missingPermissions } from '../../provisioning/permission-policies.js';
import type { OrgState, ProvisionInput } from '../../provisioning/types.js';
import { createGenesysClient, type GenesysClient } from '../../purecloud/index.js';
import { parseSpec } from '../../spec/load.js';
import { withEmulator } from './sdk.js';
import { writesIn } from './activity-org.js';

const RUNS = 200;
const PASSWORD = 'property test key password';
const CERTIFICATE = { days: 30, subject: 'CN=PureEngage SAML,O=Property' };
const URIS = ['https://apps.mypurecloud.com', 'https://apps.example.com/a', 'https://apps.example.com/b'];
const PERMISSIONS = [
  'journey:session:view',
  'journey:event:view',
  'journey:customer:view',
  'journey:visit:view',
  'journey:report:view',
];
const SSO_TARGET = 'https://sso.example.com/target';
const SLO = ['https://pe.example.com/slo', 'https://pe.example.com/slo2'];

const subset = <T>(items: readonly T[], minLength = 0) => fc.subarray([...items], { minLength });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });
const state = fc.constantFrom('active', 'inactive');

/** What the spec wants. */
const wantedArb = fc.record({
  wdeUris: subset(URIS.slice(0, 2), 1),
  pacingRoles: subset(['employee', 'Supervisor'], 1),
  pacingAllDivisions: fc.boolean(),
  accessTokenValiditySeconds: optional(fc.constantFrom(600, 3600)),
  pacingDescription: optional(fc.constantFrom('Agent pacing', 'Pacing service')),
  autoProvisionUsers: fc.boolean(),
  disabled: fc.boolean(),
  sloURI: optional(fc.constantFrom(...SLO)),
  relyingPartyIdentifier: optional(fc.constant('urn:pe:rp')),
  altocloudRoles: subset(['employee', 'Supervisor'], 1),
  permissions: subset(PERMISSIONS, 1),
  admin: optional(fc.record({ roles: subset(['Admin', 'Supervisor'], 1) })),
});

/** 'as-wanted' four times in five, else one of the ways it can differ. */
function asWantedOr<T extends string>(...otherwise: T[]) {
  return fc.oneof(
    { arbitrary: fc.constant('as-wanted' as const), weight: 4 },
    { arbitrary: fc.constantFrom(...otherwise), weight: 1 },
  );
}

/** What the org already has: every field set and unset, matching the spec or not. */
const existingArb = fc.record({
  wde: optional(fc.record({ uris: subset(URIS, 1), state })),
  pacing: optional(
    fc.record({
      roles: subset(['employee', 'Supervisor', 'Developer']),
      allDivisions: fc.boolean(),
      state,
      // Fields a PUT must keep or the spec may set: token validity, description, the date to delete it.
      validity: optional(fc.constantFrom(600, 3600)),
      description: optional(fc.constantFrom('Agent pacing', 'old words')),
      dateToDelete: optional(fc.constant('2031-01-01T00:00:00.000Z')),
    }),
  ),
  // Each field mostly as the spec wants it, so that cases where exactly one field differs come up often.
  provider: optional(
    fc.record({
      issuer: asWantedOr('old'),
      ssoTarget: asWantedOr('old'),
      autoProvisionUsers: asWantedOr('flipped', 'unset'),
      disabled: asWantedOr('flipped', 'unset'),
      sloURI: asWantedOr('other', 'unset'),
      relyingPartyIdentifier: asWantedOr('other', 'unset'),
      certificate: asWantedOr('other'),
    }),
  ),
  employeeHas: subset(PERMISSIONS),
  adminUser: optional(fc.record({ roles: subset(['employee', 'Admin', 'Supervisor']) })),
  // Generating a key pair is the slow part of a case: most cases reuse a bundle, as most runs do.
  bundle: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
});

type Wanted = typeof wantedArb extends fc.Arbitrary<infer T> ? T : never;
type Existing = typeof existingArb extends fc.Arbitrary<infer T> ? T : never;

let emulator: RunningEmulator;
let ourBundle: string;
let otherCertificate: string;
let ourCertificate: string;
let caseNumber = 0;

beforeAll(async () => {
  emulator = await withEmulator({ rateLimitPerMinute: 0 });
  const make = async () => {
    const outDir = await mkdtemp(join(tmpdir(), 'hybrid-prop-bundle-'));
    const options = toProvisionInput(parseSpec(specYaml('bundle', caseWanted(), outDir))).certificate.options;
    const result = await generateCertificate({
      outDir,
      options,
      password: { value: PASSWORD },
      force: false,
    });
    return { outDir, body: result.certificateBody };
  };
  const [ours, other] = [await make(), await make()];
  ourBundle = ours.outDir;
  ourCertificate = ours.body;
  otherCertificate = other.body;
});
afterAll(async () => {
  await closeGenesysClients();
  await emulator?.close();
});

function caseWanted(): Wanted {
  return {
    wdeUris: [URIS[0]!],
    pacingRoles: ['employee'],
    pacingAllDivisions: false,
    accessTokenValiditySeconds: undefined,
    pacingDescription: undefined,
    autoProvisionUsers: true,
    disabled: false,
    sloURI: undefined,
    relyingPartyIdentifier: undefined,
    altocloudRoles: ['employee'],
    permissions: PERMISSIONS.slice(0, 1),
    admin: undefined,
  };
}

const issuerOf = (slug: string) => `http://www.genesys.com/pureengage/${slug}`;

/** The spec in its documented YAML form, through the real loader. */
function specYaml(slug: string, w: Wanted, outputDir: string): string {
  return stringify({
    org: slug,
    environment: emulator?.url ?? 'http://127.0.0.1:1',
    credentials: { clientId: 'env:P_CLIENT_ID', clientSecret: 'env:P_CLIENT_SECRET' },
    oauthClients: [
      { name: 'PureEngage WDE', grantType: 'SAML2-BEARER', redirectUris: w.wdeUris },
      {
        name: 'Agent Pacing Service',
        grantType: 'CLIENT-CREDENTIALS',
        roles: w.pacingRoles,
        ...(w.pacingAllDivisions ? { division: '*' } : {}),
        ...(w.accessTokenValiditySeconds ? { accessTokenValiditySeconds: w.accessTokenValiditySeconds } : {}),
        ...(w.pacingDescription ? { description: w.pacingDescription } : {}),
      },
    ],
    certificate: { ...CERTIFICATE, password: 'env:P_KEY_PASSWORD' },
    identityProvider: {
      issuerURI: issuerOf(slug),
      ssoTargetURI: SSO_TARGET,
      autoProvisionUsers: w.autoProvisionUsers,
      disabled: w.disabled,
      ...(w.sloURI ? { sloURI: w.sloURI } : {}),
      ...(w.relyingPartyIdentifier ? { relyingPartyIdentifier: w.relyingPartyIdentifier } : {}),
    },
    altocloud: { roles: w.altocloudRoles, permissions: w.permissions },
    admins: w.admin ? [{ name: 'Jane Admin', email: `jane@${slug}.example.com`, roles: w.admin.roles }] : [],
    output: outputDir,
  });
}

async function roleId(genesys: GenesysClient, name: string): Promise<string> {
  const role = await genesys.roles.findByName(name);
  if (!role) throw new Error(`the emulator has no role ${name}`);
  return role.id;
}

/** Puts the generated pre-existing state into a fresh org. */
async function arrange(
  genesys: GenesysClient,
  slug: string,
  w: Wanted,
  e: Existing,
  homeDivisionId: string,
  outputDir: string,
) {
  if (e.wde) {
    await genesys.oauthClients.create({
      name: 'PureEngage WDE',
      authorizedGrantType: 'SAML2-BEARER',
      registeredRedirectUri: e.wde.uris,
      state: e.wde.state as 'active',
    });
  }
  if (e.pacing) {
    const divisionId = e.pacing.allDivisions ? '*' : homeDivisionId;
    const roleIds = await Promise.all(e.pacing.roles.map((r) => roleId(genesys, r)));
    await genesys.oauthClients.create({
      name: 'Agent Pacing Service',
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: roleIds.map((id) => ({ roleId: id, divisionId })),
      state: e.pacing.state as 'active',
      ...(e.pacing.validity ? { accessTokenValiditySeconds: e.pacing.validity } : {}),
      ...(e.pacing.description ? { description: e.pacing.description } : {}),
      ...(e.pacing.dateToDelete ? { dateToDelete: e.pacing.dateToDelete } : {}),
    });
  }
  if (e.provider) {
    const p = e.provider;
    const pick = <T>(how: string, wanted: T, otherwise: T): T | undefined =>
      how === 'as-wanted' ? wanted : how === 'unset' ? undefined : otherwise;
    await genesys.identityProviders.putPureEngage(
      JSON.parse(
        JSON.stringify({
          name: 'PureEngage',
          issuerURI: pick(p.issuer, issuerOf(slug), `${issuerOf(slug)}/old`),
          ssoTargetURI: pick(p.ssoTarget, SSO_TARGET, 'https://sso.example.com/old'),
          autoProvisionUsers: pick(p.autoProvisionUsers, w.autoProvisionUsers, !w.autoProvisionUsers),
          disabled: pick(p.disabled, w.disabled, !w.disabled),
          sloURI: pick(p.sloURI, w.sloURI, 'https://pe.example.com/slo-other'),
          relyingPartyIdentifier: pick(p.relyingPartyIdentifier, w.relyingPartyIdentifier, 'urn:other:rp'),
          certificate: pick(p.certificate, ourCertificate, otherCertificate),
        }),
      ),
    );
  }
  const employee = (await genesys.roles.findByName('employee'))!;
  await genesys.roles.update(employee.id, {
    name: employee.name,
    permissionPolicies: [
      ...(employee.permissionPolicies ?? []).filter((p) => p.domain !== 'journey'),
      ...e.employeeHas.map((perm) => {
        const [domain, entityName, action] = perm.split(':') as [string, string, string];
        return { domain, entityName, actionSet: [action] };
      }),
    ],
  });
  if (e.adminUser) {
    const user = await genesys.users.create({
      name: 'Jane Admin',
      email: `jane@${slug}.example.com`,
      divisionId: homeDivisionId,
    });
    // Every user holds employee, which cannot be removed (the API refuses a role list without it).
    const roles = [...new Set(['employee', ...e.adminUser.roles])];
    await genesys.users.setRoles(user.id, await Promise.all(roles.map((r) => roleId(genesys, r))));
  }
  if (e.bundle) await cp(ourBundle, outputDir, { recursive: true });
}

/** The one write request each change stands for (the API calls of decisions/changes.ts). */
function writeOf(change: Change, newUserId: (email: string) => string): string {
  switch (change.action) {
    case 'create':
      if (change.resource === 'oauth-client') return 'POST /api/v2/oauth/clients';
      if (change.resource === 'admin') return 'POST /api/v2/users';
      if (change.resource === 'identity-provider') return 'PUT /api/v2/identityproviders/pureengage';
      return 'local: certificate bundle';
    case 'update':
      return change.resource === 'oauth-client'
        ? `PUT /api/v2/oauth/clients/${change.id}`
        : 'PUT /api/v2/identityproviders/pureengage';
    case 'add-permissions':
      return `PUT /api/v2/authorization/roles/${change.roleId}`;
    case 'add-roles':
      return `PUT /api/v2/users/${change.userId ?? newUserId(change.name)}/roles`;
    case 'invite':
      return `POST /api/v2/users/${change.userId ?? newUserId(change.name)}/invite`;
    case 'activate':
      return `PATCH /api/v2/users/${change.userId}`;
  }
}

/**
 * The spec's values, checked on what the org answers, independently of the decisions: a decision that forgot
 * a field would still agree with itself, but not with this.
 */
function expectAsSpecified(after: OrgState, w: Wanted, e: Existing, input: ProvisionInput): void {
  const provider = after.pureEngage!;
  expect(Boolean(provider.autoProvisionUsers)).toBe(w.autoProvisionUsers);
  expect(Boolean(provider.disabled)).toBe(w.disabled);
  expect(provider.issuerURI).toBe(input.identityProvider.issuerURI);
  if (w.sloURI) expect(provider.sloURI).toBe(w.sloURI);
  if (w.relyingPartyIdentifier) expect(provider.relyingPartyIdentifier).toBe(w.relyingPartyIdentifier);
  expect(providerCertificateBodies(provider)).toContain(after.bundle.certificateBody);
  const [wde] = after.oauthClients['PureEngage WDE']!;
  expect(wde!.registeredRedirectUri).toEqual(expect.arrayContaining(w.wdeUris));
  const [pacing] = after.oauthClients['Agent Pacing Service']!;
  expect(pacing!.state ?? 'active').toBe('active');
  if (w.accessTokenValiditySeconds)
    expect(pacing!.accessTokenValiditySeconds).toBe(w.accessTokenValiditySeconds);
  if (w.pacingDescription) expect(withoutRunMarker(pacing!.description ?? '')).toBe(w.pacingDescription);
  // The spec wants the client kept: a deletion date it had is called off.
  expect(pacing!.dateToDelete).toBeUndefined();
  const division = w.pacingAllDivisions ? '*' : after.homeDivision.id;
  for (const role of w.pacingRoles)
    expect(pacing!.roleDivisions).toContainEqual({ roleId: after.roles[role]!.id, divisionId: division });
  for (const role of w.altocloudRoles)
    expect(missingPermissions(after.roles[role]!.permissionPolicies, w.permissions)).toEqual([]);
  if (w.admin) {
    const user = after.users[input.admins[0]!.email]!;
    for (const role of w.admin.roles) expect(user.roleIds).toContain(after.roles[role]!.id);
  }
}

async function runCase(w: Wanted, e: Existing): Promise<void> {
  caseNumber += 1;
  const slug = `prop-${caseNumber}`;
  // The provisioning client holds every role the cases give clients: a client can only give roles it holds
  // (the role-holding rule; preflight refuses otherwise, which decisions/provisioner.ts's tests pin).
  const org = emulator.control.createOrg({
    thirdPartyOrgName: slug,
    adminClientRoles: ['Admin', 'employee', 'Supervisor', 'Developer'],
  });
  const outputDir = await mkdtemp(join(tmpdir(), 'hybrid-prop-out-'));
  const genesys = createGenesysClient({
    environment: emulator.url,
    clientId: org.adminClientId,
    clientSecret: org.adminClientSecret,
  });
  try {
    await arrange(genesys, slug, w, e, org.homeDivisionId, outputDir);
    const spec = parseSpec(specYaml(slug, w, outputDir));
    const input: ProvisionInput = toProvisionInput(spec, {
      clientId: org.adminClientId,
      clientSecret: org.adminClientSecret,
      keyPassword: PASSWORD,
    });

    const planned = decideOrg(input, await readOrgState(genesys, input));
    expect(allProblems(planned)).toEqual([]);
    const changes = planned.flatMap((d) => d.changes);

    emulator.control.clearRequests();
    await provisionSequentially(input);
    const made = writesIn(emulator.control.requests());

    const after = await readOrgState(genesys, input);
    const newUserId = (email: string) => after.users[email]!.id;
    const expected = changes.map((c) => writeOf(c, newUserId)).filter((w) => !w.startsWith('local:'));
    expect(made.sort()).toEqual(expected.sort());
    expect(after.bundle.missing).toEqual([]);

    expectAsSpecified(after, w, e, input);
    expect(decideOrg(input, after).flatMap((d) => [...d.changes, ...d.problems])).toEqual([]);
    // The cases' certificate lasts 30 days, inside verify's default expiry thresholds: expiry is not the point.
    const report = await verifyOrg({
      provision: input,
      expiry: { warnDays: 0, failDays: 0 },
      remediate: false,
    });
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(report.driftItems).toBe(0);
  } finally {
    await genesys.close();
    await closeGenesysClients();
    await rm(outputDir, { recursive: true, force: true });
  }
}

describe('plan, provision and verify agree (property)', () => {
  it(`provisioning makes exactly the planned writes, then nothing is left to plan (${RUNS} cases)`, async () => {
    const started = performance.now();
    await fc.assert(fc.asyncProperty(wantedArb, existingArb, runCase), { numRuns: RUNS });
    console.error(`[figures] ${RUNS} property cases: ${Math.round(performance.now() - started)} ms`);
  });
});
