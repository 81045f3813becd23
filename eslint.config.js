// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'out/', 'dist/', 'coverage/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Workflow code runs in Temporal's deterministic sandbox: Node built-ins cannot be bundled there.
    files: ['workflows/**/*.ts'],
    rules: {
      // Type imports are erased before bundling, so workflows may name activity types but not import their code.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: builtinModules
            .filter((m) => m !== 'assert')
            .flatMap((m) => [m, `node:${m}`])
            .map((name) => ({ name, message: 'Node built-ins cannot run in the workflow sandbox.' })),
          patterns: [
            {
              group: ['../activities/*', '../purecloud/*', '../emulator/*', '../certificate/*'],
              allowTypeImports: true,
              message: 'Workflows call activities through proxyActivities; import their types only.',
            },
          ],
        },
      ],
    },
  },
);
