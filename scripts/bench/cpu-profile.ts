// The top self-time entries of a `node --cpu-prof` profile: where the proxy's own CPU goes under load.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * The newest .cpuprofile in `dir`: time by whose code it is (a package, the proxy, node's own, native), self
 * and inclusive (a sample counts for every owner on its stack: "the Azure SDK pipeline and what it calls"),
 * then its `count` functions with the most self time. The owners say more when the profile is flat.
 */
export async function topSelfTime(dir: string, count: number): Promise<string> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.cpuprofile'));
  if (files.length === 0) return `  (no .cpuprofile in ${dir})`;
  const dated = await Promise.all(files.map(async (name) => ({ name, mtime: (await stat(join(dir, name))).mtimeMs })));
  const newest = dated.sort((x, y) => y.mtime - x.mtime)[0]!.name;
  const profile = JSON.parse(await readFile(join(dir, newest), 'utf8')) as CpuProfile;
  const frameOf = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
  const parentOf = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node.id] as const)));
  const ownersOnStack = new Map<number, Set<string>>();
  const stackOwners = (id: number): Set<string> => {
    let owners = ownersOnStack.get(id);
    if (!owners) {
      const parent = parentOf.get(id);
      owners = new Set(parent === undefined ? [] : stackOwners(parent));
      const frame = frameOf.get(id);
      if (frame && frame.url) owners.add(groupOf(ownerOf(frame)));
      ownersOnStack.set(id, owners);
    }
    return owners;
  };
  const selfUs = new Map<string, number>();
  const ownerUs = new Map<string, number>();
  const inclusiveUs = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const frame = frameOf.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    totalUs += delta;
    if (!frame) return;
    const key = `${frame.functionName || '(anonymous)'}  ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    selfUs.set(key, (selfUs.get(key) ?? 0) + delta);
    const owner = ownerOf(frame);
    ownerUs.set(owner, (ownerUs.get(owner) ?? 0) + delta);
    for (const onStack of stackOwners(id)) inclusiveUs.set(onStack, (inclusiveUs.get(onStack) ?? 0) + delta);
  });
  const rows = (entries: Map<string, number>, limit: number) =>
    [...entries]
      .sort((x, y) => y[1] - x[1])
      .slice(0, limit)
      .map(([key, us]) => `  ${((us / totalUs) * 100).toFixed(1).padStart(5)}%  ${key}`)
      .join('\n');
  return `  self time by owner:\n${rows(ownerUs, 12)}\n  inclusive time by owner (stacks it is on):\n${rows(inclusiveUs, 12)}\n  self time by function:\n${rows(selfUs, count)}\n  (${newest}, ${(totalUs / 1e6).toFixed(1)} s sampled)`;
}

/** Packages that work as one, for inclusive time: the Azure SDK's pipeline and clients, fastify and its parts. */
function groupOf(owner: string): string {
  if (owner.startsWith('@azure') || owner.startsWith('@typespec/')) return 'Azure SDK (@azure/*, @azure-rest/*, @typespec/ts-http-runtime)';
  if (owner === 'fastify' || owner.startsWith('@fastify/') || ['find-my-way', 'avvio', 'fast-json-stringify', 'light-my-request', 'pino'].includes(owner)) return 'fastify (with its plugins, router, pino)';
  return owner;
}

/** A package (scoped or not), "proxy", "node internals", or the profiler's own entries ((garbage collector), (idle)) and native code. */
function ownerOf(frame: ProfileNode['callFrame']): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : 'native (syscalls such as writev, TLS, crypto)';
  if (url.startsWith('node:')) return 'node internals (JS)';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(url);
  if (inPackage) return inPackage[1]!;
  return url.includes('/proxy/') ? 'proxy' : url;
}

/** The part of a module URL that says whose code it is: the package path, or the repository path. */
function shortUrl(url: string): string {
  const inPackage = url.lastIndexOf('node_modules/');
  if (inPackage >= 0) return url.slice(inPackage + 'node_modules/'.length);
  return url.replace(/^file:\/\/.*?\/(proxy|dev-tenant|scripts)\//, '$1/');
}
