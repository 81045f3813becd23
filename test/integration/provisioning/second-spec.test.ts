// Issue 11 item 3: a second `provision` with a different spec while a run is open is refused, not swallowed.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDataConverter } from '../../../codec/data-converter.js';
import { parseKeyring } from '../../../codec/keys.js';
import { DifferentSpecRunError, startProvisioning } from '../../../client/provisioning-runs.js';
import { testInput } from './harness.js';

// No worker polls this queue: the first run stays open for as long as the test needs it.
const taskQueue = `second-spec-${randomBytes(4).toString('hex')}`;
let client: Client;

beforeAll(async () => {
  const keyring = parseKeyring(`second-spec:${randomBytes(32).toString('base64')}`, 'HYBRID_CODEC_KEY');
  const connection = await Connection.connect({ address: inject('temporalAddress') });
  client = new Client({
    connection,
    namespace: inject('temporalNamespace'),
    dataConverter: await createDataConverter({ keyring }),
  });
});
afterAll(async () => {
  await client?.connection.close();
});

describe('a second provision of an org whose run is open', () => {
  it('attaches with the same spec and refuses a different one, naming the run and what to do', async () => {
    const name = `second-${randomBytes(4).toString('hex')}`;
    const org = {
      id: 'not-contacted',
      name,
      thirdPartyOrgName: name,
      homeDivisionId: 'none',
      adminClientId: 'id',
      adminClientSecret: 'secret',
    };
    const first = await testInput({ emulatorUrl: 'http://127.0.0.1:9', org, outputDir: '/tmp/unused' });
    const started = await startProvisioning(client, first, taskQueue);
    try {
      expect(started.attached).toBe(false);

      // The same spec (secrets may differ: they are not part of the comparison) attaches to the open run.
      const again = await startProvisioning(
        client,
        { ...first, target: { ...first.target, clientSecret: { value: 'rotated' } } },
        taskQueue,
      );
      expect(again).toMatchObject({ attached: true, runId: started.runId });

      // One more admin: a different spec.
      const second = await testInput({
        emulatorUrl: 'http://127.0.0.1:9',
        org,
        outputDir: '/tmp/unused',
        extraYaml: '',
      });
      second.admins = [
        ...second.admins,
        { name: 'Extra Admin', email: 'extra@example.com', roles: ['Admin'] },
      ];
      const refused = await startProvisioning(client, second, taskQueue).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DifferentSpecRunError);
      const message = (refused as Error).message;
      expect(message).toContain(
        `provision/${name} is already running (run ${started.runId}) with a different spec`,
      );
      expect(message).toContain(`hybrid status ${name}`);
      expect(message).toContain('--wait');
      expect(message).toContain(`hybrid cancel ${name}`);
      // Nothing new was started: still the one run.
      expect((await started.handle.describe()).runId).toBe(started.runId);
    } finally {
      await started.handle.terminate('test done');
    }
  });
});
