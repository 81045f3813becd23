/**
 * What the Temporal UI shows of a run at a glance (the start's user metadata): a one-line summary such as
 * `provision acme on mypurecloud.ie` and details naming org, environment and spec file. Both go through the
 * payload codec like any payload, so the UI shows them through the codec server. Never a secret: only names.
 */
import path from 'node:path';

export type RunKind =
  'provision' | 'rotate-cert' | 'rotate-client-secret' | 'verify' | 'remediate' | 'certificate';

export interface RunLabel {
  kind: RunKind;
  /** Absent for runs not about one org (the standalone certificate bundle). */
  org?: string;
  /** The Genesys environment (region host or emulator origin). */
  environment?: string;
  /** The spec file the run came from, as the operator gave it. */
  specFile?: string;
  /** One more detail line, e.g. the OAuth client a secret rotation is for. */
  detail?: string;
}

export interface RunMetadata {
  staticSummary: string;
  staticDetails: string;
}

export function runMetadata(label: RunLabel): RunMetadata {
  const subject = [label.org, label.environment && `on ${label.environment}`].filter(Boolean).join(' ');
  const lines = [
    ...(label.org ? [`**org** ${label.org}`] : []),
    ...(label.environment ? [`**environment** ${label.environment}`] : []),
    ...(label.specFile ? [`**spec** ${path.resolve(label.specFile)}`] : []),
    ...(label.detail ? [label.detail] : []),
  ];
  return {
    staticSummary: subject ? `${label.kind} ${subject}` : label.kind,
    staticDetails: lines.join('\n\n'),
  };
}
