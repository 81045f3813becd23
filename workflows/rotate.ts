/**
 * Rotates the PureEngage SAML signing certificate of one org without an outage.
 *
 * 1. preflight: the current bundle in `<output>` opens with the password and the provider trusts it (snapshot);
 * 2. new-bundle: a new bundle in `<output>/rotations/<UTC timestamp>/`, the current one untouched;
 * 3. trust-both: the provider trusts old and new (old stays primary: PureEngage still signs with it);
 *    rotation.json records the rotation;
 * 4. grace: a durable timer (days) while PureEngage deploys the new key; `finishRotationNow` ends it early,
 *    cancelling the workflow rolls everything back;
 * 5. trust-new-only, install: the provider trusts the new certificate in place of the old one, and the new bundle
 *    becomes the current one in `<output>` (the old one moves to `<output>/retired/<timestamp>/`).
 * Each step registers its undo before it starts; a failure or a cancellation runs them newest first.
 */
import { condition, setHandler } from '@temporalio/workflow';
import type * as activities from '../activities/rotation.js';
import { rotationPaths, rotationTimestamp } from '../provisioning/rotation.js';
import type {
  CertificateIdentity,
  RotateCertificateInput,
  RotateCertificateResult,
  RotationRecord,
} from '../provisioning/rotation-types.js';
import { compensateThenFail } from './compensate.js';
import { refuseWhileOtherRunOpen } from './org-interlock.js';
import { finishRotationNowSignal, rotationStatusQuery } from './rotate-api.js';
import { RotationProgress } from './rotation-progress.js';
import { tagOrgRun } from './run-attributes.js';
import { Saga } from './saga.js';
import { proxyStepActivities } from './step-activities.js';

// The same heartbeat timeout as provisioning: a worker that dies mid-rotation is noticed in 30 s, not 2 min.
const { act, undoAct } = proxyStepActivities<typeof activities>();

const short = (sha256: string) => `${sha256.slice(0, 16)}…`;

export async function rotateCertificateWorkflow(
  input: RotateCertificateInput,
): Promise<RotateCertificateResult> {
  // Workflow time: deterministic on replay, so the directory names are the same on every replay.
  const startedAt = new Date();
  const timestamp = rotationTimestamp(startedAt);
  const { rotationDir, retiredDir } = rotationPaths(input.outputDir, timestamp);
  const progress = new RotationProgress(
    input.org,
    rotationDir,
    tagOrgRun(input.org, input.target.environment),
  );
  let finishRequested = false;
  setHandler(rotationStatusQuery, () => progress.view());
  setHandler(finishRotationNowSignal, () => {
    finishRequested = true;
    progress.update({ finishRequested: true });
  });

  const saga = new Saga();
  const { target, outputDir } = input;
  const { options, password } = input.certificate;

  try {
    await refuseWhileOtherRunOpen({ kind: 'rotate', org: input.org }, progress);
    const snapshot = await progress.track(
      'preflight',
      () => act('preflight').inspectRotation({ target, outputDir, password }),
      (s) => `current certificate SHA-256 ${short(s.old.sha256)}, valid until ${s.old.notAfter}`,
    );
    const { certificateBody: oldBody, ...old } = snapshot.old;
    progress.update({ old });

    saga.add('new-bundle', () => undoAct('new-bundle').removeRotationBundle({ rotationDir }));
    const fresh = await progress.track(
      'new-bundle',
      () => act('new-bundle').generateRotationBundle({ rotationDir, options, password }),
      (c) => `SHA-256 ${short(c.sha256Fingerprint)}, valid until ${c.notAfter}, in ${rotationDir}`,
    );
    const created: CertificateIdentity = {
      sha256: fresh.sha256Fingerprint,
      notAfter: fresh.notAfter,
      subject: fresh.subject,
    };
    progress.update({ new: created });

    // One undo for both provider updates: whichever ran, the snapshot is what the org had.
    saga.add('trust-both', () =>
      undoAct('trust-both').restoreRotatedProvider({ target, before: snapshot.provider }),
    );
    await progress.track(
      'trust-both',
      () =>
        act('trust-both').trustCertificates({
          target,
          base: snapshot.provider,
          certificate: oldBody,
          certificates: [oldBody, ...snapshot.otherCertificates, fresh.certificateBody],
        }),
      (r) => `the identity provider trusts ${r.trusted} certificates; the old one stays primary`,
    );

    const graceEndsAt = new Date(Date.now() + input.graceMs).toISOString();
    const record: RotationRecord = {
      org: input.org,
      status: 'grace',
      old,
      new: created,
      startedAt: startedAt.toISOString(),
      graceEndsAt,
    };
    progress.update({ graceEndsAt });
    progress.setRunStatus('grace');
    const finishedEarly = await progress.track(
      'grace',
      async () => {
        await act('grace').recordRotation({ rotationDir, record });
        return condition(() => finishRequested, input.graceMs);
      },
      (early) => (early ? 'ended early by finishRotationNow' : `ended at ${graceEndsAt}`),
    );
    if (finishedEarly) record.finishedEarlyAt = new Date().toISOString();
    progress.setRunStatus('running');

    await progress.track(
      'trust-new-only',
      () =>
        act('trust-new-only').trustCertificates({
          target,
          base: snapshot.provider,
          certificate: fresh.certificateBody,
          certificates: [fresh.certificateBody, ...snapshot.otherCertificates],
        }),
      () => 'the identity provider no longer trusts the old certificate',
    );

    saga.add('install', () => undoAct('install').uninstallRotatedBundle({ outputDir, retiredDir }));
    const installed = await progress.track(
      'install',
      async () => {
        const done = await act('install').installRotatedBundle({
          outputDir,
          rotationDir,
          retiredDir,
          oldSha256: old.sha256,
          newSha256: created.sha256,
        });
        await act('install').recordRotation({
          rotationDir,
          record: { ...record, status: 'completed', completedAt: new Date().toISOString(), retiredDir },
        });
        return done;
      },
      () => `the new bundle is current in ${outputDir}; the old one is in ${retiredDir}`,
    );

    progress.setRunStatus('completed');
    return {
      org: input.org,
      status: 'completed',
      old,
      new: created,
      certificateFiles: installed.files,
      rotationDir,
      retiredDir,
      finishedEarly,
    };
  } catch (err) {
    return compensateThenFail(err, {
      table: progress,
      saga,
      headline: (step) => (step ? `certificate rotation step ${step} failed` : 'certificate rotation failed'),
      undone: 'The identity provider and the bundle are as they were before the rotation.',
      defaultType: 'RotationFailed',
    });
  }
}
