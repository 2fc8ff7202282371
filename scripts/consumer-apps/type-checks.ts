// Each app type-checked as its engineer would (strict, and skipLibCheck off, so the package's declarations
// are checked too), and the deliberate mistakes of test/consumers/*/type-errors caught, each exactly.
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Ledger } from './ledger.js';
import { run, tail } from './processes.js';
import type { AppName, Workspace } from './workspace.js';

interface Diagnostic {
  file: string;
  line: number;
  code: string;
  message: string;
}

/**
 * Errors that are not the package's to fix: the Azure SDK's own declarations name Node's globals
 * (`NodeJS.ReadableStream`, `Buffer`) without referencing @types/node, so any browser app whose program
 * reaches @azure/communication-common's types with skipLibCheck off sees them. They are listed, not hidden.
 */
const OUTSIDE = [{ file: /node_modules\/@typespec\/ts-http-runtime\//, codes: ['TS2503', 'TS2591'], why: "the Azure SDK's declarations use Node's globals without @types/node" }];

const outside = (d: Diagnostic) => OUTSIDE.find((o) => o.file.test(d.file) && o.codes.includes(d.code));

/** `file(line,col): error TSnnnn: message`, its indented continuation lines (a chained message) included. */
function parseDiagnostics(output: string): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const match = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    if (match) found.push({ file: match[1]!, line: Number(match[2]), code: match[3]!, message: match[4]! });
    else if (/^\s+\S/.test(line) && found.length) found[found.length - 1]!.message += ` ${line.trim()}`;
  }
  return found;
}

const show = (d: Diagnostic) => `${d.file}(${d.line}): ${d.code} ${d.message.slice(0, 300)}`;

const CHECKER: Record<AppName, string> = { plain: 'tsc', react: 'tsc', vue: 'vue-tsc' };

async function typeCheck(workspace: Workspace, app: AppName, project: string): Promise<{ diagnostics: Diagnostic[]; output: string; code: number | null }> {
  const ran = await run(workspace.bin(CHECKER[app]), ['--noEmit', '--pretty', 'false', '-p', project], { cwd: workspace.app(app) });
  const diagnostics = parseDiagnostics(ran.stdout);
  if (ran.code !== 0 && diagnostics.length === 0) throw new Error(`${CHECKER[app]} -p ${project} failed without a diagnostic (exit ${ran.code}):\n${tail(ran)}`);
  return { diagnostics, output: ran.stdout, code: ran.code };
}

function noteOutside(ledger: Ledger, app: AppName, diagnostics: Diagnostic[]): void {
  const tolerated = diagnostics.filter(outside);
  if (tolerated.length) ledger.note(`${app}: ${tolerated.length} errors in declarations outside tpe-elements, tolerated (${outside(tolerated[0]!)!.why}): ${tolerated.map(show).join('; ')}`);
}

/** The app's own sources: strict, skipLibCheck off, no error that is the package's or the app's. */
export async function checkAppTypes(ledger: Ledger, workspace: Workspace, app: AppName): Promise<void> {
  const { diagnostics } = await typeCheck(workspace, app, 'tsconfig.json');
  noteOutside(ledger, app, diagnostics);
  const errors = diagnostics.filter((d) => !outside(d));
  const how = app === 'vue' ? 'vue-tsc with strictTemplates' : 'tsc, strict';
  ledger.expect(`${app}: the app type-checks (${how}, skipLibCheck off)`, errors.length ? `${errors.length} errors:\n${errors.map(show).join('\n')}` : undefined);
}

interface Expectation {
  line: number;
  code: string;
  text: string;
}

/** `// expect TS2322 "sales"` or `<!-- expect TS2339 callerPhone -->`: that error on the next line. */
async function expectationsIn(file: string): Promise<Expectation[]> {
  const lines = (await readFile(file, 'utf8')).split('\n');
  return lines.flatMap((text, index) => {
    const match = /(?:\/\/|<!--)\s*expect (TS\d+) (.+?)\s*(?:-->)?\s*$/.exec(text);
    return match ? [{ line: index + 2, code: match[1]!, text: match[2]! }] : [];
  });
}

/** The fixture of deliberate mistakes fails with exactly the errors it announces, and nothing else fails. */
export async function checkTypeErrors(ledger: Ledger, workspace: Workspace, app: AppName, fixture: string): Promise<void> {
  const dir = workspace.app(app);
  const file = join(dir, 'type-errors', fixture);
  const expectations = await expectationsIn(file);
  if (!expectations.length) throw new Error(`${relative(dir, file)} announces no expected error`);
  const { diagnostics } = await typeCheck(workspace, app, 'type-errors/tsconfig.json');
  const inFixture = diagnostics.filter((d) => d.file.endsWith(`type-errors/${fixture}`));
  for (const e of expectations) {
    const hit = inFixture.find((d) => d.line === e.line && d.code === e.code && d.message.includes(e.text));
    const onLine = inFixture.filter((d) => d.line === e.line);
    ledger.expect(
      `${app}: ${fixture}:${e.line} is refused with ${e.code} naming ${e.text}`,
      hit ? undefined : onLine.length ? `got instead: ${onLine.map(show).join('; ')}` : 'the type checker accepted it',
    );
  }
  const unexpected = diagnostics.filter((d) => !outside(d) && !expectations.some((e) => d.file.endsWith(`type-errors/${fixture}`) && d.line === e.line && d.code === e.code));
  ledger.expect(`${app}: ${fixture} has no error but the announced ones`, unexpected.length ? unexpected.map(show).join('\n') : undefined);
}

/** Whether the tarball's package.json exports `subpath` with types, e.g. `./react`. */
export async function exportsTypes(workspace: Workspace, subpath: string): Promise<boolean> {
  const manifest = JSON.parse(await readFile(join(workspace.root, 'node_modules/tpe-elements/package.json'), 'utf8')) as { exports?: Record<string, unknown> };
  const entry = manifest.exports?.[subpath];
  return typeof entry === 'object' && entry !== null && 'types' in entry;
}
