import { z } from 'zod';
import { LEGACY_OAUTH_GRANT_TYPES } from '../purecloud/oauth-client-request.js';
import { clientSecretFileName } from '../secrets/client-secret-file-name.js';
import { didYouMean } from './did-you-mean.js';
import {
  distinctNamesField,
  MAX_LIST_LENGTH,
  nameField,
  plainTextField,
  redirectUriField,
} from './fields.js';

/** The grant types as the current SDK models spell them (reference §3.1); the API is sent these forms. */
export const GRANT_TYPES = ['SAML2-BEARER', 'CLIENT-CREDENTIALS', 'CODE', 'TOKEN', 'PASSWORD'] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

/** Spellings of older SDK models and Terraform (the API still answers with them): accepted and normalised. */
const LEGACY_GRANT_TYPES: Readonly<Record<string, GrantType>> = LEGACY_OAUTH_GRANT_TYPES;
const ACCEPTED_GRANT_TYPES = [...GRANT_TYPES, ...Object.keys(LEGACY_GRANT_TYPES)];

/** Grant types whose browser flow returns to a registered redirect URI, so at least one is required. */
const NEEDS_REDIRECT: readonly GrantType[] = ['SAML2-BEARER', 'CODE', 'TOKEN'];

const grantTypeField = z
  .string({ error: `must be one of ${GRANT_TYPES.join(', ')}` })
  .trim()
  .transform((text, ctx): GrantType => {
    const normalised = (GRANT_TYPES as readonly string[]).includes(text)
      ? (text as GrantType)
      : LEGACY_GRANT_TYPES[text];
    if (normalised !== undefined) return normalised;
    ctx.addIssue({
      code: 'custom',
      message: `'${text}' is not a grant type${didYouMean(text, ACCEPTED_GRANT_TYPES)} Use one of ${GRANT_TYPES.join(', ')}`,
    });
    return z.NEVER;
  })
  .meta({
    enum: ACCEPTED_GRANT_TYPES,
    description: `${GRANT_TYPES.join(', ')} (legacy SAML2BEARER and CLIENT_CREDENTIALS are accepted)`,
  });

export const oauthClientSchema = z
  .strictObject(
    {
      name: nameField('client name').meta({
        description: 'Client name; unique in this spec, used to find it again',
      }),
      grantType: grantTypeField,
      description: plainTextField('description').optional().meta({ description: 'Shown in Admin > OAuth' }),
      redirectUris: z
        .array(redirectUriField, { error: 'must be a list of URLs, e.g. [https://apps.mypurecloud.com]' })
        .max(MAX_LIST_LENGTH, { error: `must list at most ${MAX_LIST_LENGTH} redirect URIs` })
        .optional()
        .meta({ description: 'Registered redirect URIs; required for SAML2-BEARER, CODE and TOKEN' }),
      roles: distinctNamesField('role name').optional().meta({
        description: 'Role names granted to the client; CLIENT-CREDENTIALS only, and required there',
      }),
      division: nameField('division name').optional().meta({
        description:
          "Division of the role grants: a division name or '*' for all; absent = the home division",
      }),
      scopes: z
        .array(
          z
            .string({ error: 'must be a scope name such as users:readonly' })
            .regex(/^[^\s]+$/, { error: 'must be one scope name without spaces, e.g. users:readonly' }),
          { error: 'must be a list of scope names, e.g. [users:readonly]' },
        )
        .optional()
        .meta({
          description:
            'OAuth scopes (e.g. users:readonly); not for CLIENT-CREDENTIALS clients, whose access comes from roles. ' +
            'Terraform: scopes must be set for clients not using CLIENT-CREDENTIALS (orgs can enforce them)',
        }),
      accessTokenValiditySeconds: z
        .number({ error: 'must be a whole number of seconds from 300 to 172800' })
        .int({ error: 'must be a whole number of seconds from 300 to 172800' })
        .min(300, { error: 'must be at least 300 seconds (5 minutes)' })
        .max(172800, { error: 'must be at most 172800 seconds (48 hours)' })
        .optional()
        .meta({ description: 'Token lifetime in seconds, 300..172800 (Genesys default 86400)' }),
    },
    { error: 'must be a mapping with at least name and grantType' },
  )
  .superRefine((client, ctx) => {
    const isClientCredentials = client.grantType === 'CLIENT-CREDENTIALS';
    if (isClientCredentials && (client.roles === undefined || client.roles.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['roles'],
        message: 'a CLIENT-CREDENTIALS client needs at least one role, e.g. roles: [employee]',
      });
    }
    if (!isClientCredentials && client.roles !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['roles'],
        message: `roles are granted only to CLIENT-CREDENTIALS clients; remove roles from this ${client.grantType} client`,
      });
    }
    if (!isClientCredentials && client.division !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['division'],
        message: `division applies to role grants of CLIENT-CREDENTIALS clients; remove it from this ${client.grantType} client`,
      });
    }
    // OAuthClientRequest.scope applies only to clients not using client credentials (reference §3.1, from the
    // PY/JAVA SDK model docs; the emulator refuses it likewise). Optional: whether the API refuses a scope-less
    // client is unverified (TF: "Scopes must be set for clients not using the CLIENT-CREDENTIALS grant").
    if (isClientCredentials && client.scopes !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['scopes'],
        message:
          'scopes apply only to clients that are not CLIENT-CREDENTIALS (those get roles); remove scopes',
      });
    }
    (client.scopes ?? []).forEach((scope, index, all) => {
      if (all.indexOf(scope) !== index) {
        ctx.addIssue({ code: 'custom', path: ['scopes', index], message: `'${scope}' is listed twice` });
      }
    });
    if (NEEDS_REDIRECT.includes(client.grantType) && (client.redirectUris ?? []).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['redirectUris'],
        message: `a ${client.grantType} client needs at least one redirect URI, e.g. redirectUris: [https://apps.mypurecloud.com]`,
      });
    }
    if (isClientCredentials && client.redirectUris !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['redirectUris'],
        message: 'a CLIENT-CREDENTIALS client has no browser flow; remove redirectUris',
      });
    }
  })
  .transform((client) => ({
    ...client,
    redirectUris: client.redirectUris ?? [],
    roles: client.roles ?? [],
  }));

export type OAuthClientSpec = z.output<typeof oauthClientSchema>;

/**
 * At most this many clients in one spec: a hybrid integration needs one SAML2-BEARER client and a few service
 * clients; each is a step of the run, and the whole input must stay well under Temporal's 256 KB payload warning.
 */
export const MAX_OAUTH_CLIENTS = 25;

/**
 * The list as a whole: distinct names, one secret file each, and exactly one SAML2-BEARER client (the one the
 * desktop signs in with).
 */
export const oauthClientsSchema = z
  .array(oauthClientSchema, { error: 'must be a list of OAuth clients' })
  .max(MAX_OAUTH_CLIENTS, {
    error: `has more than ${MAX_OAUTH_CLIENTS} clients, the most one spec may hold; split the clients over several specs`,
  })
  .superRefine((clients, ctx) => {
    const seen = new Set<string>();
    const files = new Map<string, string>();
    clients.forEach((client, index) => {
      const key = client.name.toLowerCase();
      if (seen.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `'${client.name}' is used by another client; names must be unique`,
        });
        return;
      }
      seen.add(key);
      // Each client's secret goes to its own file; two names leading to one file would lose a secret.
      const file = clientSecretFileName(client.name);
      const other = files.get(file);
      if (other !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `'${client.name}' would share the secret file ${file} with '${other}'; rename one of them`,
        });
      }
      files.set(file, client.name);
    });
    const samlClients = clients.filter((client) => client.grantType === 'SAML2-BEARER').length;
    if (samlClients !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          samlClients === 0
            ? 'needs exactly one SAML2-BEARER client (the one the PureEngage desktop signs in with); add one'
            : `has ${samlClients} SAML2-BEARER clients; keep exactly one (the one the PureEngage desktop signs in with)`,
      });
    }
  });
