/**
 * The Altocloud (Genesys Predictive Engagement, domain `journey`) permissions granted to the roles named in the
 * spec's `altocloud.roles`, so PureEngage agents can see the customer journey next to an interaction.
 *
 * Chosen from, in this order of weight (reference genesys-cloud-api.md §9):
 * - The agent-side trio the help center asks for to see the journey map (HALTO; "Visit journey map" article,
 *   help.mypurecloud.com/articles/visit-journey-map-admin-view): Journey > Customer > View (who the customer
 *   is), Journey > Event > View (events on the map), Journey > Visit > View (live visits). Their strings are
 *   the best-supported candidates but do not appear in the current SDK docs (unconfirmed there).
 * - `journey:session:view`: present in the SDK (JSDOC JourneyApi `getJourneySession`); the map is built from
 *   sessions, so an agent who can see visits but not sessions sees an empty map.
 * - Read-only views of what the map annotates: action maps and their targets (which engagement was offered),
 *   segments (which the visitor matched) and outcomes (which goals were reached). All present in the SDK
 *   docs. View only: creating or editing them is an administrator's job, not an agent's.
 * Left out on purpose: `journey:report:view` (the Visitor Activity report is for supervisors and analysts, not
 * for agents handling an interaction), and every add/edit/delete action.
 *
 * Override per org with `altocloud.permissions` in the spec.
 */
export const ALTOCLOUD_PERMISSIONS: readonly string[] = Object.freeze([
  'journey:customer:view',
  'journey:event:view',
  'journey:visit:view',
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
