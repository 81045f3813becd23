/** Looks up another org-level run through the worker's own client, for the workflows' interlock. */
import { Context } from '@temporalio/activity';
import { openRunOf, type OpenRun } from '../temporal/open-run.js';
import { mapFailures } from './failures.js';

async function describeOpenRunUnmapped(input: { workflowId: string }): Promise<OpenRun | null> {
  return openRunOf(Context.current().client.workflow.getHandle(input.workflowId));
}

export const describeOpenRun = mapFailures(describeOpenRunUnmapped);
