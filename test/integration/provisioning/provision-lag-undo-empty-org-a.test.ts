/** Compensation on an empty org with reads lagging writes by 2,000 ms, when the certificate, a client or a role step fails (provision-cases.ts: the lag cases are spread over files so that they run in parallel). */
import { describeLagCases } from './provision-cases.js';

describeLagCases(2_000, {
  runs: false,
  undo: [
    [false, 'ensureCertificate'],
    [false, 'ensureOAuthClient'],
    [false, 'grantRolePermissions'],
  ],
});
