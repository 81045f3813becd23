/**
 * The `route` label of `hybrid_genesys_requests_total`: the request path with every id replaced by `{id}`,
 * e.g. `/api/v2/oauth/clients/5f0c…/secret` → `/api/v2/oauth/clients/{id}/secret`. A label with ids would
 * make one series per resource and put org data into the monitoring system.
 *
 * Rule: only lowercase ASCII words survive (`oauth`, `clients`, `pureengage`, `me`, `search`, `bulkadd`, the
 * `v2` version segment); everything else is an id. Genesys ids are UUIDs (dashes and digits), and any
 * other value a caller puts into a path (an email, an encoded name) contains something outside [a-z], so an
 * unknown shape is masked rather than leaked. Query strings are not part of the route.
 */
const STATIC_SEGMENT = /^(?:[a-z]+|v\d+)$/;

export function genesysRoute(path: string): string {
  const withoutQuery = path.split('?', 1)[0] ?? '';
  return withoutQuery
    .split('/')
    .map((segment) => (segment === '' || STATIC_SEGMENT.test(segment) ? segment : '{id}'))
    .join('/');
}
