/**
 * The Altocloud (Genesys Predictive Engagement, domain `journey`) permissions granted to the roles named in the
 * spec's `altocloud.roles`, so PureEngage agents can see the customer journey next to an interaction.
 *
 * Only permissions with evidence in the SDK's documented permission lists ("Requires ANY permissions" of
 * JSDOC build/docs/JourneyApi.md in MyPureCloud/platform-client-sdk-javascript; the operations are in
 * node_modules/purecloud-platform-client-v2/src/purecloud-platform-client-v2/api/JourneyApi.js; reference
 * genesys-cloud-api.md §9 and §12), each read-only, each for what the journey map shows an agent:
 * - `journey:session:view` (getJourneySession, getJourneySessionEvents): the map is built from sessions;
 * - `journey:event:view` (getJourneySessionEvents): the events on the map;
 * - `journey:actionmap:view` (getJourneyActionmap(s)) and `journey:actiontarget:view`
 *   (getJourneyActiontarget(s)): which engagement was offered, and to whom;
 * - `journey:segment:view` (getJourneySegment(s)): which segments the visitor matched;
 * - `journey:outcome:view` (getJourneyOutcome(s)): which goals were reached.
 * Left out: `journey:customer:view` and `journey:visit:view`. The help center names "Customer > View" and
 * "Visit > View" (help.mypurecloud.com, Altocloud permissions overview), but those strings appear in none of
 * the SDK's documented permission lists, so a real org's catalog may not know them; an org that has them can
 * add them with `altocloud.permissions`. Also left out: `journey:report:view` (for supervisors and analysts)
 * and every add/edit/delete action (an administrator's job).
 * Granting any of these to a role licenses Predictive Engagement for every user who holds it (help: Altocloud
 * permissions overview).
 *
 * Override per org with `altocloud.permissions` in the spec.
 */
export const ALTOCLOUD_PERMISSIONS: readonly string[] = Object.freeze([
  'journey:event:view',
  'journey:session:view',
  'journey:actionmap:view',
  'journey:actiontarget:view',
  'journey:segment:view',
  'journey:outcome:view',
]);

/** The domain every Altocloud permission belongs to. */
export const ALTOCLOUD_DOMAIN = 'journey';

/** `domain:entity:action`; entity and action may be `*` (all), as in Genesys permission strings. */
export const PERMISSION_PATTERN =
  /^[A-Za-z][A-Za-z0-9]*:(\*|[A-Za-z][A-Za-z0-9]*):(\*|[A-Za-z][A-Za-z0-9]*)$/;
