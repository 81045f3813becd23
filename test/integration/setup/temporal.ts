// Vitest globalSetup: ONE real Temporal dev server (headless, in memory, free port, project search attributes)
// for the whole integration run. Tests read its address with inject('temporalAddress').
// On a machine without a Temporal CLI this builds one with Go first (about 7 minutes, longer than the 300 s
// hookTimeout): CI runs `npm run temporal -- --version` beforehand so the build is not part of this hook.
import type { TestProject } from 'vitest/node';
import { startDevServer } from '../../../temporal-cli/dev-server.js';
import { getFreePort } from '../../../temporal-cli/free-port.js';
import { resolveTemporalCli } from '../../../temporal-cli/resolve.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cliPath = await resolveTemporalCli({ log: (msg) => console.error(`[temporal setup] ${msg}`) });
  const server = await startDevServer({ cliPath, port: await getFreePort(), headless: true });
  console.error(`[temporal setup] dev server on ${server.address}, ready in ${server.startupMs} ms`);
  project.provide('temporalAddress', server.address);
  project.provide('temporalNamespace', server.namespace);
  return () => server.stop();
}
