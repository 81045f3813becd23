/** The provisioning runs with reads lagging writes by 2,000 ms: an empty org, a re-run at once, lost responses, an admin restored after compensation (provision-cases.ts: the lag cases are spread over files so that they run in parallel). */
import { describeLagCases } from './provision-cases.js';

describeLagCases(2_000, { runs: true, undo: [] });
