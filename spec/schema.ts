import { z } from 'zod';
import { MAX_KEY_BITS, MIN_KEY_BITS } from '../certificate/options.js';
import { formatSubject, parseSubject } from '../certificate/subject.js';
import { ALTOCLOUD_DOMAIN, ALTOCLOUD_PERMISSIONS, PERMISSION_PATTERN } from './altocloud-permissions.js';
import { environmentField } from './environment.js';
import {
  distinctNamesField,
  emailField,
  httpUrlField,
  MAX_NAME_LENGTH,
  nameField,
  uriOrUrnField,
} from './fields.js';
import { handoffSchema } from './handoff.js';
import { oauthClientsSchema } from './oauth-clients.js';
import { secretOrInlineField, secretRefField } from './secret-ref-field.js';

/** Far more than the Altocloud set (provisioning/altocloud-permissions.ts); bounds the workflow input. */
const MAX_PERMISSIONS = 100;
/** The role an admin account gets unless the spec names its roles; `hybrid import` looks for its holders. */
export const ADMIN_ROLE = 'Admin';
const ORG_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;
const DAY_MS = 86_400_000;
/** X.509 GeneralizedTime ends at year 9999 (the certificate module refuses later dates too). */
const LAST_REPRESENTABLE_TIME = Date.UTC(9999, 11, 31, 23, 59, 59);

const credentialsSchema = z
  .strictObject(
    {
      clientId: secretOrInlineField('client id'),
      clientSecret: secretRefField('client secret'),
    },
    { error: 'must be a mapping: { clientId: env:NAME, clientSecret: env:NAME }' },
  )
  .meta({ description: 'The OAuth client (client credentials, with admin rights) this tool provisions as' });

const subjectField = z
  .string({ error: 'must be text such as "CN=PureEngage SAML,O=Example"' })
  .transform((text, ctx) => {
    try {
      return formatSubject(parseSubject(text));
    } catch (error) {
      // The certificate module words its messages for the CLI flag; the spec path already names the field.
      const message = error instanceof Error ? error.message.replace(/^--subject:?\s*/, '') : String(error);
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
  })
  .meta({
    description:
      'Certificate subject: comma-separated TYPE=VALUE with types CN, O, OU, L, ST, C, emailAddress',
    examples: ['CN=PureEngage SAML', 'CN=PureEngage SAML,O=Example,C=US'],
  });

const certificateSchema = z
  .strictObject(
    {
      days: z
        .number({ error: 'must be a whole number of days greater than 0, e.g. 3652' })
        .int({ error: 'must be a whole number of days greater than 0, e.g. 3652' })
        .positive({ error: 'must be greater than 0, e.g. 3652 (ten years)' })
        .refine((days) => Date.now() + days * DAY_MS <= LAST_REPRESENTABLE_TIME, {
          error: 'would end the validity after the year 9999, which X.509 cannot express; use fewer days',
        })
        .default(3652)
        .meta({ description: 'Validity in days from the day of provisioning' }),
      keyBits: z
        .number({ error: `must be a multiple of 1024 from ${MIN_KEY_BITS} to ${MAX_KEY_BITS}, e.g. 2048` })
        .int({ error: `must be a multiple of 1024 from ${MIN_KEY_BITS} to ${MAX_KEY_BITS}, e.g. 2048` })
        .min(MIN_KEY_BITS, { error: `must be at least ${MIN_KEY_BITS} bits`, abort: true })
        // Why 4096 at most: certificate/options.ts (key generation must fit the certificate step's timeout).
        .max(MAX_KEY_BITS, {
          error: `must be at most ${MAX_KEY_BITS} bits (larger keys take minutes to generate); use 2048, 3072 or 4096`,
        })
        .multipleOf(1024, { error: 'must be a multiple of 1024, e.g. 2048, 3072 or 4096' })
        .default(2048)
        .meta({ description: `RSA key size in bits: 2048, 3072 or ${MAX_KEY_BITS}` }),
      subject: subjectField.default('CN=PureEngage SAML'),
      keyFormat: z
        .enum(['traditional', 'pkcs8'], { error: "must be 'traditional' or 'pkcs8'" })
        .default('traditional')
        .meta({
          description: "Encrypted key format: 'traditional' (openssl rsa -aes256 before 3.0) or 'pkcs8'",
        }),
      password: secretRefField('key password'),
    },
    { error: 'must be a mapping with at least password: env:NAME' },
  )
  .meta({ description: 'The SAML signing certificate and the password that encrypts its private key' });

const identityProviderSchema = z
  .strictObject(
    {
      name: nameField('identity provider name')
        .default('PureEngage')
        .meta({ description: 'Name of the identity provider in Genesys Cloud' }),
      issuerURI: uriOrUrnField('http://www.genesys.com/pureengage').meta({
        description: 'Issuer (entity id) the PureEngage side puts in its SAML assertions',
      }),
      ssoTargetURI: httpUrlField('https://pureengage.example.com/sso').meta({
        description: 'Where Genesys Cloud sends users to sign in',
      }),
      sloURI: httpUrlField('https://pureengage.example.com/slo')
        .optional()
        .meta({ description: 'Single logout URL of the PureEngage side' }),
      relyingPartyIdentifier: nameField('relying party identifier')
        .optional()
        .meta({ description: 'Audience the PureEngage side expects Genesys Cloud to present' }),
      nameIdentifierFormat: z
        .string({ error: 'must be a URN such as urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' })
        .regex(/^urn:\S+$/, {
          error: 'must be a URN such as urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        })
        .optional()
        .meta({
          description: 'SAML NameID format, default urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
        }),
      autoProvisionUsers: z.boolean({ error: 'must be true or false' }).default(true).meta({
        description: 'Create Genesys Cloud users on first SAML sign-in (the hybrid checklist expects true)',
      }),
      disabled: z.boolean({ error: 'must be true or false' }).default(false).meta({
        description: 'Create the identity provider switched off (the hybrid checklist expects false)',
      }),
    },
    { error: 'must be a mapping with at least issuerURI and ssoTargetURI' },
  )
  .meta({ description: 'The PureEngage identity provider (PUT /api/v2/identityproviders/pureengage)' });

const altocloudSchema = z
  .strictObject(
    {
      roles: distinctNamesField('role name')
        .default(['employee'])
        .meta({ description: 'Roles (by name) that get the Altocloud permissions' }),
      permissions: z
        .array(
          z
            .string({ error: 'must be a permission string domain:entity:action' })
            .max(MAX_NAME_LENGTH, { error: `must be at most ${MAX_NAME_LENGTH} characters` })
            .regex(PERMISSION_PATTERN, {
              error: 'must be of the form domain:entity:action, e.g. journey:customer:view',
            }),
          { error: 'must be a list of permissions such as [journey:customer:view]' },
        )
        .max(MAX_PERMISSIONS, { error: `must list at most ${MAX_PERMISSIONS} permissions` })
        .optional()
        .meta({ description: 'Overrides the default set (spec/altocloud-permissions.ts)' }),
      allowNonJourney: z
        .boolean({ error: 'must be true or false' })
        .default(false)
        .meta({ description: 'Allow permissions outside the journey domain in `permissions`' }),
    },
    { error: 'must be a mapping such as { roles: [employee] }' },
  )
  .superRefine((altocloud, ctx) => {
    const seen = new Set<string>();
    (altocloud.permissions ?? []).forEach((permission, index) => {
      if (seen.has(permission)) {
        ctx.addIssue({
          code: 'custom',
          path: ['permissions', index],
          message: `'${permission}' is listed twice`,
        });
      }
      seen.add(permission);
      // A malformed string already has its own issue; its domain is not worth a second one.
      const wellFormed = PERMISSION_PATTERN.test(permission);
      if (wellFormed && !altocloud.allowNonJourney && !permission.startsWith(`${ALTOCLOUD_DOMAIN}:`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['permissions', index],
          message: `'${permission}' is outside the ${ALTOCLOUD_DOMAIN} domain; set allowNonJourney: true if that is intended`,
        });
      }
    });
  })
  .transform((altocloud) => ({
    ...altocloud,
    permissions: altocloud.permissions ?? [...ALTOCLOUD_PERMISSIONS],
  }))
  .prefault({})
  .meta({ description: 'Altocloud (Predictive Engagement) permissions for agent roles' });

const adminSchema = z.strictObject(
  {
    name: nameField('person name').meta({ description: 'Full name' }),
    email: emailField.meta({ description: 'Email address, also the user name; unique in this spec' }),
    roles: distinctNamesField('role name')
      .min(1, { error: 'must name at least one role, e.g. [Admin]' })
      .default([ADMIN_ROLE])
      .meta({ description: 'Role names granted to the account' }),
    invite: z.boolean({ error: 'must be true or false' }).default(true).meta({
      description:
        'Send the activation e-mail to an account the run creates (it is created active either way; an invitation is what lets the person set a password)',
    }),
  },
  { error: 'must be a mapping: { name: ..., email: ... }' },
);

/**
 * At most this many admins in one spec: each is a step of the run (its events in history) and a user lookup in the
 * preflight, and the whole workflow input must stay well under Temporal's 256 KB payload warning
 * (test/unit/spec-limits.test.ts measures a spec at every limit).
 */
export const MAX_ADMINS = 100;
/** Bounds of `retryBudgetSeconds` (the default, 30 minutes, lives with the retry policy: workflows/step-activities.ts). */
const MIN_RETRY_BUDGET_SECONDS = 10;
const MAX_RETRY_BUDGET_SECONDS = 86_400;

const adminsSchema = z
  .array(adminSchema, { error: 'must be a list of { name, email }' })
  .max(MAX_ADMINS, {
    error: `has more than ${MAX_ADMINS} admins, the most one spec may hold; split them over several specs and provision them one after the other`,
  })
  .superRefine((admins, ctx) => {
    const seen = new Set<string>();
    admins.forEach((admin, index) => {
      const key = admin.email.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: [index, 'email'], message: `${admin.email} is listed twice` });
      }
      seen.add(key);
    });
  })
  .default([])
  .meta({
    description: 'Administrator accounts to create (each gets the Admin role unless roles are given)',
  });

export const provisioningSpecSchema = z
  .strictObject(
    {
      org: z
        .string({ error: 'must be text: a lowercase slug such as demo' })
        .regex(ORG_SLUG, {
          error:
            'must be a lowercase slug: a letter or digit, then letters, digits or -, at most 63 characters',
        })
        .meta({
          description: 'Our name for the org; the workflow id is provision/<org>',
          examples: ['demo'],
        }),
      environment: environmentField,
      credentials: credentialsSchema,
      oauthClients: oauthClientsSchema.meta({
        description: 'OAuth clients to create: exactly one SAML2-BEARER (the desktop) plus service clients',
      }),
      certificate: certificateSchema,
      identityProvider: identityProviderSchema,
      altocloud: altocloudSchema,
      admins: adminsSchema,
      onExisting: z
        .enum(['adopt', 'fail'], { error: "must be 'adopt' or 'fail'" })
        .default('adopt')
        .meta({ description: "What to do with resources that already exist: 'adopt' them or 'fail'" }),
      output: nameField('output folder').optional().meta({
        description:
          'Folder for certificate files and secrets; relative to the spec file; default ./out/<org>',
      }),
      handoff: handoffSchema,
      retryBudgetSeconds: z
        .number({ error: 'must be a whole number of seconds, e.g. 1800 for 30 minutes' })
        .int({ error: 'must be a whole number of seconds, e.g. 1800 for 30 minutes' })
        .min(MIN_RETRY_BUDGET_SECONDS, {
          error: `must be at least ${MIN_RETRY_BUDGET_SECONDS} seconds: less gives up on a single slow request`,
        })
        .max(MAX_RETRY_BUDGET_SECONDS, {
          error: `must be at most ${MAX_RETRY_BUDGET_SECONDS} seconds (24 hours); an outage longer than that needs a person`,
        })
        .optional()
        .meta({
          description:
            'How long each step keeps retrying transient failures (5xx, lost responses, rate limits) before the run gives up and undoes its changes; undos get twice as long. Default 1800 (30 minutes)',
        }),
      testUser: z
        .strictObject({ email: emailField }, { error: 'must be a mapping: { email: ... }' })
        .optional()
        .meta({ description: 'A user the verification step signs in as through SAML2 bearer' }),
    },
    {
      error:
        'must be a YAML mapping of key: value lines (org:, environment:, ...); start from examples/demo-org.yaml',
    },
  )
  .transform((spec) => ({ ...spec, output: spec.output ?? `./out/${spec.org}` }))
  .meta({
    title: 'Hybrid Provisioner spec',
    description: 'What to provision in a Genesys Cloud org for a PureEngage hybrid integration',
  });

/** The spec after validation and normalisation: defaults filled, grant types hyphenated, secrets as references. */
export type ProvisioningSpec = z.output<typeof provisioningSpecSchema>;
/** The spec as written in YAML. */
export type ProvisioningSpecInput = z.input<typeof provisioningSpecSchema>;
