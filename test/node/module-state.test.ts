// No module of the browser library keeps mutable state: state belongs to an element, a controller or the page's
// services, so two differently configured elements never share what they should not, and nothing needs resetting
// between tests. Read with the TypeScript parser: every top-level variable must be a `const` that cannot change.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const SRC = join(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Types that promise no change: a value of one of these may be built at module level. */
const READONLY_TYPE = /^(Readonly(Set|Map|Array)<|readonly |Readonly<)/;
/** Values made once and never changed by anyone: frozen, `as const`, a primitive, a function, a regular expression. */
function isImmutable(init: ts.Expression, declared: ts.TypeNode | undefined, file: ts.SourceFile): boolean {
  if (declared && READONLY_TYPE.test(declared.getText(file))) return true;
  if (ts.isAsExpression(init) && init.type.getText(file) === 'const') return true;
  if (ts.isSatisfiesExpression(init)) return isImmutable(init.expression, declared, file);
  if (ts.isCallExpression(init) && ['Object.freeze', 'frozen'].includes(init.expression.getText(file))) return true;
  if (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isRegularExpressionLiteral(init)) return true;
  if (ts.isStringLiteralLike(init) || ts.isNumericLiteral(init) || ts.isTemplateExpression(init) || ts.isPrefixUnaryExpression(init)) return true;
  if (init.kind === ts.SyntaxKind.TrueKeyword || init.kind === ts.SyntaxKind.FalseKeyword) return true;
  // Lit's css`` and html`` results, createContext(): values Lit never changes.
  if (ts.isTaggedTemplateExpression(init)) return true;
  if (ts.isCallExpression(init) && /^(createContext|Symbol\.for|Symbol)$/.test(init.expression.getText(file))) return true;
  // Arithmetic on constants, and reads of other constants.
  if (ts.isBinaryExpression(init) || ts.isIdentifier(init) || ts.isPropertyAccessExpression(init)) return true;
  return false;
}

function mutableModuleState(path: string): string[] {
  const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const where = `${relative(SRC, path)}:${file.getLineAndCharacterOfPosition(statement.getStart()).line + 1}`;
    const isConst = (statement.declarationList.flags & ts.NodeFlags.Const) !== 0;
    for (const declaration of statement.declarationList.declarations) {
      const name = declaration.name.getText(file);
      if (!isConst) found.push(`${where} ${name} (let/var)`);
      else if (declaration.initializer && !isImmutable(declaration.initializer, declaration.type, file)) found.push(`${where} ${name}`);
    }
  }
  return found;
}

describe('module state in the browser library', () => {
  it('keeps none: every module-level value is a constant that cannot change', () => {
    const found = sources(SRC).flatMap(mutableModuleState);
    assert.deepEqual(found, [], 'module-level values that could change (make them readonly, as const or frozen, or move them into an object a page owns)');
  });

  it('would notice a registry kept in a module', () => {
    const sample = join(import.meta.dirname, 'fixtures/module-state-sample.ts');
    assert.deepEqual(
      mutableModuleState(sample).map((line) => line.replace(/^.*:\d+ /, '')),
      ['registry', 'counter (let/var)', 'settings'],
    );
  });
});
