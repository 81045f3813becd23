/** Human-readable plan: one line per resource, its differences indented below. */
import type { DriftAction, DriftItem } from './types.js';

const SYMBOL: Record<DriftAction, string> = { create: '+', change: '~', none: '=' };

export function formatPlan(org: string, items: readonly DriftItem[]): string {
  const lines = [`Plan for org ${org}:`];
  for (const i of items) {
    lines.push(`  ${SYMBOL[i.action]} ${i.kind} ${i.name}: ${i.action === 'none' ? 'up to date' : i.action}`);
    for (const detail of i.details) lines.push(`      - ${detail}`);
  }
  const count = (a: DriftAction) => items.filter((i) => i.action === a).length;
  const [create, change] = [count('create'), count('change')];
  lines.push(
    create + change === 0
      ? 'Nothing to do: the org matches the spec.'
      : `${create} to create, ${change} to change, ${count('none')} up to date.`,
  );
  return lines.join('\n');
}
