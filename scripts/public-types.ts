// `tsx scripts/public-types.ts`: every library type that the package entry's public API names is exported
// from the entry too, so a page can name what it passes in and gets back. It emits the declarations the
// published package has (tsconfig.build.json, in memory) and walks them from `index.d.ts`: exported
// classes' public members (protected ones are for subclasses), interfaces, type aliases and signatures.
// Types of other packages (Lit, the Azure SDKs) are theirs to export. Exits 1 and names each type missing.
import path from 'node:path';
import ts from 'typescript';

const config = ts.getParsedCommandLineOfConfigFile(path.resolve('tsconfig.build.json'), {}, {
  ...ts.sys,
  onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
    throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
  },
})!;
// A directory that is never written: the declarations stay in memory, next to node_modules for resolution.
const outDir = path.resolve('dist/.public-types');
const options: ts.CompilerOptions = { ...config.options, outDir, noEmit: false, declaration: true, emitDeclarationOnly: true, declarationMap: false, sourceMap: false };

const declarations = new Map<string, string>();
const emit = ts.createProgram(config.fileNames, options).emit(undefined, (file, text) => declarations.set(path.resolve(file), text));
if (emit.emitSkipped) throw new Error('the declarations could not be emitted');

const host = ts.createCompilerHost(options);
const { fileExists, readFile, directoryExists } = host;
host.fileExists = (file) => declarations.has(path.resolve(file)) || fileExists.call(host, file);
host.directoryExists = (dir) => path.resolve(dir).startsWith(outDir) || (directoryExists?.call(host, dir) ?? true);
host.readFile = (file) => declarations.get(path.resolve(file)) ?? readFile.call(host, file);
host.getSourceFile = (file, language) => {
  const text = host.readFile(file);
  return text === undefined ? undefined : ts.createSourceFile(file, text, language);
};

const entry = path.join(outDir, 'index.d.ts');
const program = ts.createProgram([entry], { ...options, noEmit: true }, host);
const checker = program.getTypeChecker();
const resolve = (symbol: ts.Symbol) => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);
const exported = new Set(checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!).map(resolve));
const ours = (node: ts.Node) => declarations.has(path.resolve(node.getSourceFile().fileName));

/** Unexported type → the first public path that reaches it. */
const missing = new Map<string, string>();
const seen = new Set<ts.Symbol>();

function visitSymbol(symbol: ts.Symbol, via: string): void {
  if (seen.has(symbol)) return;
  seen.add(symbol);
  for (const declaration of (symbol.declarations ?? []).filter(ours)) {
    if (!ts.isClassDeclaration(declaration)) {
      walk(declaration, via);
      continue;
    }
    declaration.heritageClauses?.forEach((clause) => walk(clause, via));
    for (const member of declaration.members) {
      const hidden = ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected);
      if (hidden || (member.name && ts.isPrivateIdentifier(member.name))) continue;
      walk(member, `${via}.${member.name?.getText() ?? '(member)'}`);
    }
  }
}

function walk(node: ts.Node, via: string): void {
  const name = ts.isTypeReferenceNode(node)
    ? node.typeName
    : ts.isExpressionWithTypeArguments(node)
      ? node.expression
      : ts.isTypeQueryNode(node)
        ? node.exprName
        : ts.isImportTypeNode(node)
          ? node.qualifier
          : undefined;
  const symbol = name && checker.getSymbolAtLocation(name);
  if (symbol) {
    const target = resolve(symbol);
    if (!(target.flags & ts.SymbolFlags.TypeParameter) && target.declarations?.some(ours)) {
      if (!exported.has(target) && !missing.has(target.name)) missing.set(target.name, via);
      visitSymbol(target, `${via} → ${target.name}`);
    }
  }
  ts.forEachChild(node, (child) => walk(child, via));
}

for (const symbol of exported) visitSymbol(symbol, symbol.name);

if (missing.size) {
  for (const [type, via] of missing) console.error(`${type} is not exported from the entry, yet ${via} names it`);
  process.exit(1);
}
console.log(`public types: all ${exported.size} exports of the entry name only exported library types`);
