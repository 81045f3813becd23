// Every command that reads a spec takes the spec trust flags (client/spec-trust-options.ts): a spec provisioned
// with --allow-custom-environment or --allow-output-outside-spec must be usable by handoff and the rotations too.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../client/commands/index.js';
import { baseProgram } from '../../client/lazy-program.js';
import { UsageError } from '../../client/usage-error.js';
import { sampleSpecEnv, sampleSpecYaml } from '../../spec/sample-spec.js';

const CUSTOM = 'https://genesys.example.com';

/** Every command (and subcommand) in the program that has a --spec option. */
function specCommands(command: Command): Command[] {
  const own = command.options.some((o) => o.long === '--spec') ? [command] : [];
  return [...own, ...command.commands.flatMap(specCommands)];
}

const fullName = (c: Command): string => (c.parent?.parent ? `${fullName(c.parent)} ${c.name()}` : c.name());

it('every command with --spec takes --allow-custom-environment and --allow-output-outside-spec', async () => {
  const program = baseProgram();
  for (const entry of COMMANDS) (await entry.load()).register(program);
  const withSpec = specCommands(program);
  expect(withSpec.map(fullName)).toEqual(expect.arrayContaining(['handoff', 'rotate-client-secret']));
  for (const command of withSpec) {
    const flags = command.options.map((o) => o.long);
    expect({ command: fullName(command), flags }).toEqual({
      command: fullName(command),
      flags: expect.arrayContaining(['--allow-custom-environment', '--allow-output-outside-spec']),
    });
  }
});

describe('the trust flags reach the spec loader', () => {
  const saved = { ...process.env };
  let dir: string;
  let specFile: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hybrid-trust-'));
    specFile = join(dir, 'spec.yaml');
    // A custom https environment and a relative output outside the spec's folder: each needs its flag.
    await writeFile(
      specFile,
      sampleSpecYaml({ org: 'trusty', environment: CUSTOM, output: '../trusty-out' }),
    );
    Object.assign(process.env, sampleSpecEnv({ adminClientId: 'id', adminClientSecret: 'secret' }));
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  async function run(...args: string[]): Promise<unknown> {
    const name = args[0]!;
    const program = new Command('hybrid').exitOverride();
    (await COMMANDS.find((c) => c.name === name)!.load()).register(program);
    return program.parseAsync(args, { from: 'user' }).then(
      () => undefined,
      (e: unknown) => e,
    );
  }

  const TRUST = ['--allow-custom-environment', CUSTOM, '--allow-output-outside-spec'];

  it('handoff --spec: refused without the flags, loaded with them (then checked against the org)', async () => {
    const refused = await run('handoff', 'other-org', '--spec', specFile);
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as Error).message).toContain(`--allow-custom-environment ${CUSTOM}`);
    const loaded = await run('handoff', 'other-org', '--spec', specFile, ...TRUST);
    expect(loaded).toBeInstanceOf(UsageError);
    expect((loaded as Error).message).toBe(`--spec ${specFile} is for org trusty, not other-org`);
  });

  it('rotate-client-secret --spec: refused without the flags, loaded with them (then the client is checked)', async () => {
    const refused = await run('rotate-client-secret', '--spec', specFile, '--client', 'Nope');
    expect(refused).toBeInstanceOf(UsageError);
    expect((refused as Error).message).toContain(`--allow-custom-environment ${CUSTOM}`);
    const onlyEnvironment = await run(
      'rotate-client-secret',
      '--spec',
      specFile,
      '--client',
      'Nope',
      '--allow-custom-environment',
      CUSTOM,
    );
    expect((onlyEnvironment as Error).message).toContain('--allow-output-outside-spec');
    const loaded = await run('rotate-client-secret', '--spec', specFile, '--client', 'Nope', ...TRUST);
    expect(loaded).toBeInstanceOf(UsageError);
    expect((loaded as Error).message).toMatch(/^--client: the spec has no OAuth client "Nope"/);
  });
});
