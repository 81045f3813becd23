/**
 * `npm run deps:check` (run by .ci/run): the arrows between this project's folders go one way.
 *
 * 1. dependency-cruiser with .dependency-cruiser.cjs: module cycles, what purecloud/, emulator/ and workflow code
 *    may import, orphans, unresolvable imports, undeclared packages.
 * 2. Folder cycles between top-level folders, from the same cruise: a folder that imports a folder that (directly
 *    or through others) imports it back. dependency-cruiser's own `scope: 'folder'` rules compare exact
 *    directories, so `a/` → `b/x/` and `b/y/` → `a/` would pass there; here every module counts for its
 *    top-level folder. Type-only imports count too.
 *
 * Exit code: 0 when both pass, 1 otherwise.
 */
import { cruise, format, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/**
 * A baseline for the folder-cycle check, for the time a known cycle is being removed: arrows between two of these
 * folders are left out, arrows from or to any other folder still count. Empty: there is no folder cycle today, and
 * a new one fails CI. (dependency-cruiser's own `--ignore-known` baseline covers module-level rules only.)
 */
const KNOWN_FOLDER_CYCLE: readonly string[] = [];

type FolderGraph = Map<string, Map<string, string[]>>;

/** Top-level folder → top-level folder → the module arrows that make it (`from → to`), without node_modules. */
function topLevelFolderGraph(result: ICruiseResult): FolderGraph {
  const folderOf = (path: string) => (path.includes('/') ? path.slice(0, path.indexOf('/')) : undefined);
  const graph: FolderGraph = new Map();
  for (const module of result.modules) {
    const from = folderOf(module.source);
    if (!from || from === 'node_modules') continue;
    for (const dependency of module.dependencies) {
      const to = folderOf(dependency.resolved);
      if (!to || to === from || to === 'node_modules' || dependency.coreModule || dependency.couldNotResolve)
        continue;
      if (KNOWN_FOLDER_CYCLE.includes(from) && KNOWN_FOLDER_CYCLE.includes(to)) continue;
      const arrows = graph.get(from) ?? new Map<string, string[]>();
      arrows.set(to, [...(arrows.get(to) ?? []), `${module.source} → ${dependency.resolved}`]);
      graph.set(from, arrows);
    }
  }
  return graph;
}

/** The strongly connected components with more than one folder (Tarjan's algorithm): each is a folder cycle. */
function folderCycles(graph: FolderGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (folder: string) => {
    index.set(folder, index.size);
    low.set(folder, index.get(folder)!);
    stack.push(folder);
    onStack.add(folder);
    for (const next of graph.get(folder)?.keys() ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(folder, Math.min(low.get(folder)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(folder, Math.min(low.get(folder)!, index.get(next)!));
      }
    }
    if (low.get(folder) === index.get(folder)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== folder);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const folder of graph.keys()) if (!index.has(folder)) visit(folder);
  return components;
}

async function main(): Promise<number> {
  const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
  const tsConfig = extractTSConfig('tsconfig.json');
  const cruised = await cruise(['.'], { ...options, outputType: 'json' }, undefined, { tsConfig });
  const result = (
    typeof cruised.output === 'string' ? JSON.parse(cruised.output) : cruised.output
  ) as ICruiseResult;

  const rules = await format(result, { outputType: 'err' });
  process.stdout.write(rules.output as string);

  const graph = topLevelFolderGraph(result);
  const cycles = folderCycles(graph);
  for (const cycle of cycles) {
    console.log(`  error no-circular-folders: ${cycle.join(', ')} import each other:`);
    for (const from of cycle) {
      for (const [to, arrows] of graph.get(from) ?? []) {
        if (!cycle.includes(to)) continue;
        console.log(
          `      ${from}/ → ${to}/: ${arrows.slice(0, 3).join(', ')}${arrows.length > 3 ? ', …' : ''}`,
        );
      }
    }
  }
  const known = KNOWN_FOLDER_CYCLE.length
    ? ` (temporarily ignored: arrows among ${KNOWN_FOLDER_CYCLE.join(', ')})`
    : '';
  console.log(
    cycles.length === 0
      ? `✔ no folder cycle between top-level folders${known}`
      : `✘ ${cycles.length} folder cycle(s)${known}`,
  );
  return rules.exitCode === 0 && cycles.length === 0 ? 0 : 1;
}

process.exitCode = await main();
