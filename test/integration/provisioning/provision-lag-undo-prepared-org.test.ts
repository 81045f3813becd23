/** Compensation on an org with pre-existing clients, provider, policies and user, with reads lagging writes by 2,000 ms, whichever step fails (provision-cases.ts: the lag cases are spread over files so that they run in parallel). */
import { ALL_LAG_CASES, describeLagCases } from './provision-cases.js';

describeLagCases(2_000, {
  runs: false,
  undo: ALL_LAG_CASES.undo.filter(([preExisting]) => preExisting),
});
