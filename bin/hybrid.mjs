#!/usr/bin/env node
// `npx hybrid ...`: the compiled CLI in dist/, made by `npm run build` (which `npm install` and `npm ci` run).
// No TypeScript is compiled at run time; without a build the command says how to make one.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/client/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    `hybrid: the compiled CLI ${cli.pathname} is missing: run \`npm run build\` (\`npm install\` runs it too).`,
  );
  process.exit(1);
}
await import(cli.href);
