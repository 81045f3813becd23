// `hybrid rotate-cert` bad input: a usage error (exit code 2) naming the flag, before any spec is read or Temporal
// is reached.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { register } from '../../client/commands/rotate-cert.js';
import { UsageError } from '../../client/usage-error.js';

function program(): Command {
  const p = new Command('hybrid').exitOverride();
  register(p);
  return p;
}

describe('hybrid rotate-cert', () => {
  it.each(['5x', '0s', '1.5d', '400d'])(
    'refuses --grace %s as a usage error naming --grace',
    async (grace) => {
      const error = await program()
        .parseAsync(['rotate-cert', '--spec', '/nonexistent/spec.yaml', '--grace', grace], { from: 'user' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UsageError);
      expect((error as Error).message).toMatch(/^--grace /);
    },
  );

  it('checks the spec after the grace period, with the spec loader’s usage error', async () => {
    const run = program().parseAsync(['rotate-cert', '--spec', '/nonexistent/spec.yaml', '--grace', '90s'], {
      from: 'user',
    });
    await expect(run).rejects.toBeInstanceOf(UsageError);
    await expect(run).rejects.toThrow(/spec/);
  });

  it('defaults the grace period to 7 days', () => {
    const command = program().commands.find((c) => c.name() === 'rotate-cert')!;
    expect(command.options.find((o) => o.long === '--grace')?.defaultValue).toBe('7d');
  });
});
