/**
 * The run marker: what a provisioning run writes into the description of each OAuth client it creates, so a
 * repeated create (a POST whose response was lost) finds and adopts the client instead of making a second one.
 * Pure: the workflow builds it, `hybrid import` takes it out of descriptions it writes into a spec.
 */
const MARKER = /\s*\[hybrid-provisioner run=[^\]]*\]/g;

/** `[hybrid-provisioner run=<runId>]`. */
export function runMarkerOf(runId: string): string {
  return `[hybrid-provisioner run=${runId}]`;
}

/** The run markers in a description, in order (kept when provisioning sets the rest of the description). */
export function runMarkersIn(description: string): string[] {
  return (description.match(MARKER) ?? []).map((m) => m.trim());
}

/** The description without any run marker (a spec wants what a person wrote, not which run created it). */
export function withoutRunMarker(description: string): string {
  return description.replace(MARKER, '').trim();
}
