/** What clients need to address verification: workflow and schedule ids. No activity proxies here. */

/** The ad-hoc run (`hybrid verify`): starting it while one is open attaches to it. */
export function verifyWorkflowId(org: string): string {
  return `verify/${org}`;
}

/** One schedule per org; its runs are `verify/<org>-<timestamp>` (the server appends the time). */
export function verifyScheduleId(org: string): string {
  return `verify/${org}`;
}
