// What an element's code reaches when it runs: the element's module, then every module it imports or
// `import()`s, transitively, inside the repository. `import type` is left out: it never runs. The manifest
// plugins read events, parts and custom properties from these modules, so an element is credited with what
// its own controllers and templates do, and nothing another element does.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * @param {string} entry a `.ts` file, relative to the working directory or absolute
 * @returns {Map<string, ts.SourceFile>} keyed by the path relative to the working directory (`src/x/y.ts`)
 */
export function runtimeModules(entry) {
  /** @type {Map<string, ts.SourceFile>} */
  const modules = new Map();
  const pending = [path.resolve(entry)];
  while (pending.length) {
    const file = /** @type {string} */ (pending.pop());
    const key = path.relative(process.cwd(), file).split(path.sep).join('/');
    if (modules.has(key)) continue;
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    modules.set(key, source);
    for (const specifier of runtimeSpecifiers(source)) {
      const resolved = resolveRelative(file, specifier);
      if (resolved) pending.push(resolved);
    }
  }
  return modules;
}

/** @param {ts.SourceFile} source */
function runtimeSpecifiers(source) {
  /** @type {string[]} */
  const specifiers = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument && ts.isStringLiteralLike(argument)) specifiers.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers;
}

/** `./x.js` written in a `.ts` file means `./x.ts`; packages (lit, @azure/…) are not ours to read. */
function resolveRelative(/** @type {string} */ from, /** @type {string} */ specifier) {
  if (!specifier.startsWith('.')) return undefined;
  const target = path.resolve(path.dirname(from), specifier);
  for (const candidate of [target.replace(/\.js$/, '.ts'), target, `${target}.ts`, path.join(target, 'index.ts')]) {
    if (candidate.endsWith('.ts') && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The string literals an expression can evaluate to, as far as its syntax says (`a ? 'x' : 'y'`).
 * @param {ts.Node} node
 * @returns {string[]}
 */
export function stringLiterals(node) {
  if (ts.isStringLiteralLike(node)) return [node.text];
  /** @type {string[]} */
  const found = [];
  ts.forEachChild(node, (child) => {
    found.push(...stringLiterals(child));
  });
  return found;
}

/** Line number for messages: `src/elements/x.ts:12`, `offset` characters into `node`. */
export function where(/** @type {string} */ key, /** @type {ts.Node} */ node, offset = 0) {
  return `${key}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart() + offset).line + 1}`;
}
