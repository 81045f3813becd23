/**
 * One workflow per org: starting again while a run is open attaches to it instead of racing it. Here, not in
 * workflows/, because activities (remediation) start it too and must not import workflow code.
 */
export function provisionWorkflowId(org: string): string {
  return `provision/${org}`;
}
