// The library as a vendor receives it: built, then packed into a tarball in the check's own temp dir. From
// here on nothing reads the repository's sources: every app installs this file.
import { join } from 'node:path';
import { run, tail } from './processes.js';

export interface Tarball {
  path: string;
  /** Bytes of the .tgz and of its files unpacked, and how many files it holds. */
  size: number;
  unpackedSize: number;
  files: string[];
}

export async function buildAndPack(root: string, destination: string): Promise<Tarball> {
  const build = await run('npm', ['run', 'build:lib'], { cwd: root });
  if (build.code !== 0) throw new Error(`npm run build:lib failed (exit ${build.code}):\n${tail(build)}`);
  const pack = await run('npm', ['pack', '--json', '--pack-destination', destination], { cwd: root });
  if (pack.code !== 0) throw new Error(`npm pack failed (exit ${pack.code}):\n${tail(pack)}`);
  // A prepack script's output may come first: the JSON is the last thing npm pack prints.
  const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.lastIndexOf('\n[') + 1)) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  if (!packed) throw new Error(`npm pack printed no tarball:\n${pack.stdout}`);
  return { path: join(destination, packed.filename), size: packed.size, unpackedSize: packed.unpackedSize, files: packed.files.map((f) => f.path) };
}
