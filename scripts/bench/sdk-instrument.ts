// The built Calling SDK chunk, marked for `npm run bench:call-agent`: the page cannot say when the SDK module
// finished evaluating or when the session built its CallClient, so the served file says it, with two
// performance marks. The file is changed on disk in the bench's own build folder (vite preview serves it
// as it is, with no interception in the way); the bytes the bench reports come from the build output, taken
// before. Nothing else in the chunk changes: the CallClient the page gets is the SDK's, subclassed only to mark
// its construction.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CALL_CLIENT_MARK, SDK_EVALUATED_MARK } from './first-online-in-page.js';

/** Rollup ends the chunk with `export{…,X as CallClient,…};`. */
const EXPORTS = /export\s*\{([^}]*)\}\s*;?\s*$/;

export async function instrumentSdkChunk(outDir: string, fileName: string): Promise<void> {
  const path = join(outDir, fileName);
  const code = await readFile(path, 'utf8');
  const exports = EXPORTS.exec(code);
  if (!exports) throw new Error(`${fileName} does not end with an export list; the bench cannot mark the SDK's evaluation`);
  const names = exports[1]!.split(',').map((entry) => entry.trim());
  const index = names.findIndex((entry) => entry === 'CallClient' || /\sas\s+CallClient$/.test(entry));
  if (index < 0) throw new Error(`${fileName} exports no CallClient`);
  const local = names[index]!.split(/\s+as\s+/)[0]!;
  names[index] = '__tpeBenchCallClient as CallClient';
  const marks =
    `const __tpeBenchCallClient=class extends ${local}{constructor(...a){super(...a);performance.mark(${JSON.stringify(CALL_CLIENT_MARK)})}};` +
    `performance.mark(${JSON.stringify(SDK_EVALUATED_MARK)});`;
  await writeFile(path, `${code.slice(0, exports.index)}${marks}export{${names.join(',')}};\n`);
}
