// `hybrid import --environment E --client-id REF --client-secret REF --org NAME [--output DIR] [--admins ...]
// [--clients ...] [--key-password REF] > org.yaml`: the spec of an org set up by hand (or by another tool), so the
// tool can take it over. The YAML goes to stdout, notes on what it leaves out to stderr. Reads only.
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { z } from 'zod';
import { BUNDLE_FILE_NAMES } from '../../certificate/artifacts.js';
import { certificateProblems } from '../../decisions/certificate.js';
import { importOrg } from '../../import/import-org.js';
import type { AdminChoice } from '../../import/read-org-for-import.js';
import { ImportError } from '../../import/spec-from-org.js';
import { readLocalBundle } from '../../org-state/read-org-state.js';
import { SecretRefError, type SecretRef } from '../../secrets/secret-ref.js';
import { environmentField } from '../../spec/environment.js';
import { emailField } from '../../spec/fields.js';
import { provisioningSpecSchema } from '../../spec/schema.js';
import { secretOrInlineField, secretRefField } from '../../spec/secret-ref-field.js';
import { UsageError } from '../usage-error.js';

interface ImportFlags {
  environment: string;
  clientId: string;
  clientSecret: string;
  org: string;
  output?: string;
  admins: string;
  clients: string;
  keyPassword: string;
}

/** A flag checked with the spec's own field schema, so the command and the spec refuse the same values. */
function checked<T>(flag: string, schema: z.ZodType<T, string>, text: string): T {
  const result = schema.safeParse(text);
  if (result.success) return result.data;
  throw new UsageError(`${flag} ${result.error.issues.map((i) => i.message).join('; ')}`);
}

/** `file:` paths are read from here now and written absolute, so the spec works wherever it is saved. */
function absolute(ref: SecretRef): SecretRef {
  return 'file' in ref ? { file: resolve(ref.file) } : ref;
}

function commaList(text: string): string[] {
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function adminChoice(text: string): AdminChoice {
  if (text === 'none' || text === 'all') return text;
  const emails = commaList(text);
  if (emails.length === 0) throw new UsageError('--admins must be none, all or a list of emails (EMAIL,...)');
  return emails.map((email) => checked('--admins', emailField, email));
}

function clientChoice(text: string): 'all' | string[] {
  if (text === 'all') return text;
  const names = commaList(text);
  if (names.length === 0) throw new UsageError('--clients must be all or a list of client names (NAME,...)');
  return names;
}

/** `--output` names an existing bundle to adopt: checked on disk before anything is read from the org. */
async function bundleFolder(dir: string): Promise<string> {
  const bundle = await readLocalBundle(dir);
  if (bundle.missing.length === Object.keys(BUNDLE_FILE_NAMES).length) {
    throw new UsageError(
      `--output ${bundle.dir} holds no certificate bundle (${Object.values(BUNDLE_FILE_NAMES).join(', ')}); ` +
        'name the folder of the bundle the org trusts, or leave --output out to have provisioning generate one',
    );
  }
  const [problem] = certificateProblems(bundle);
  if (problem) throw new UsageError(problem.message.replace(/^output:/, '--output'));
  return bundle.dir;
}

export function register(program: Command): void {
  program
    .command('import')
    .description(
      'Write the spec of an existing org to stdout: its OAuth clients, PureEngage identity provider, journey ' +
        'permissions and chosen admins, with secrets as references; planning it changes nothing (reads only)',
    )
    .requiredOption(
      '--environment <env>',
      'region host (mypurecloud.com), region key (us_east_1) or http(s) URL',
    )
    .requiredOption(
      '--client-id <ref>',
      'client id of a client-credentials client with admin rights: env:NAME, file:PATH or the id',
    )
    .requiredOption('--client-secret <ref>', 'its secret: env:NAME or file:PATH')
    .requiredOption('--org <name>', "the spec's org: our lowercase slug for the org, e.g. demo")
    .option('--output <dir>', "folder of an existing certificate bundle to adopt (the spec's output)")
    .option('--admins <choice>', 'users holding the Admin role to write: none, all or EMAIL,...', 'none')
    .option('--clients <choice>', 'OAuth clients to write: all (but the one given above) or NAME,...', 'all')
    .option('--key-password <ref>', "the spec's certificate password reference", 'env:HYBRID_KEY_PASSWORD')
    .action(async (flags: ImportFlags) => {
      const org = checked('--org', provisioningSpecSchema.in.shape.org, flags.org);
      const request = {
        org,
        environment: checked('--environment', environmentField, flags.environment),
        clientId: absolute(checked('--client-id', secretOrInlineField('client id'), flags.clientId)),
        clientSecret: absolute(
          checked('--client-secret', secretRefField('client secret'), flags.clientSecret),
        ),
        keyPassword: absolute(checked('--key-password', secretRefField('key password'), flags.keyPassword)),
        admins: adminChoice(flags.admins),
        clients: clientChoice(flags.clients),
        output: flags.output === undefined ? undefined : await bundleFolder(flags.output),
        defaultOutput: resolve('out', org),
      };
      let imported;
      try {
        imported = await importOrg(request);
      } catch (error) {
        if (error instanceof SecretRefError) throw new UsageError(error.message);
        if (error instanceof ImportError && error.flag) throw new UsageError(error.message);
        throw error;
      }
      process.stdout.write(imported.yaml);
      for (const note of imported.notes) console.error(`note: ${note}`);
      for (const note of imported.planNotes) console.error(`note: planning this spec would ${note}`);
    });
}
