// The top self-time entries of a `node --cpu-prof` profile: where the proxy's own CPU goes under load.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The newest .cpuprofile in `dir`, as a table of its `count` functions with the most self time. */
export async function topSelfTime(dir: string, count: number): Promise<string> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length === 0) return `  (no .cpuprofile in ${dir})`;
  const dated = await Promise.all(files.map(async (name) => ({ name, mtime: (await stat(join(dir, name))).mtimeMs })));
  const newest = dated.sort((x, y) => y.mtime - x.mtime)[0]!.name;
  const profile = JSON.parse(await readFile(join(dir, newest), 'utf8')) as CpuProfile;
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const selfUs = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const frame = frameOf.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    totalUs += delta;
    if (!frame) return;
    const key = `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
  });
  const top = [...selfUs].sort((x, y) => y[1] - x[1]).slice(0, count);
  return top.map(([key, us]) => `  ${((us / totalUs) * 100).toFixed(1).padStart(5)}%  ${key}`).join('\n') + `\n  (${newest}, ${(totalUs / 1e6).toFixed(1)} s sampled)`;
}

/** The part of a module URL that says whose code it is: the package path, or the repository path. */
function shortUrl(url: string): string {
  const inPackage = url.lastIndexOf('node_modules/');
  if (inPackage >= 0) return url.slice(inPackage + 'node_modules/'.length);
  return url.replace(/^file:\/\/.*?\/(proxy|dev-tenant|scripts)\//, '$1/');
}
