// Analyzer plugin: each element's events, as the code has them. Which events an element fires is read from
// the `emit(host, 'tpe-…', …)` calls in the modules it runs (runtime-modules.mjs); each event's type is the
// one declared for it in the global HTMLElementEventMap (src/tpe-events.ts and the maps it extends), with
// references to the files that declare the named types in it. The class's `@fires` lines describe; one may
// also narrow the type for its element (`@fires {CustomEvent<StatusChangeDetail<ConsentStatus>>} tpe-status-change`,
// names as src/tpe-events.ts sees them), and the build fails unless the narrower type still fits the map and
// every `emit` of that event the element runs passes a detail of it. So a new event or a changed detail
// reaches the manifest and the framework types without anyone typing it twice, and no claim goes unchecked.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { runtimeModules, stringLiterals, where } from './runtime-modules.mjs';

/** @typedef {import('custom-elements-manifest/schema.js').Package} Package */
/** @typedef {import('custom-elements-manifest/schema.js').ClassDeclaration & import('custom-elements-manifest/schema.js').CustomElement} CustomElementDeclaration schema 1.0.0's own misses CustomElement */
/** @typedef {{ text: string, references: Array<{ name: string, module: string }> }} EventType */
/** @typedef {{ file: string, start: number, at: string }} Site an `emit(…)` or `new CustomEvent(…)` */

/** @param {{ eventMapModule?: string }} [options] the module whose scope has the global HTMLElementEventMap */
export function typedEventsPlugin({ eventMapModule = 'src/tpe-events.ts' } = {}) {
  return {
    name: 'tpe-typed-events',
    /** @param {{ customElementsManifest: Package }} params */
    packageLinkPhase({ customElementsManifest }) {
      const elements = customElementsManifest.modules.flatMap((module) =>
        /** @type {CustomElementDeclaration[]} */ (module.declarations ?? []).filter((d) => d.customElement && d.tagName).map((element) => ({ element, fired: firedEvents(module.path) })),
      );
      /** The `@fires {Type}` lines, each with the element's sites for that event. */
      const claims = elements.flatMap(({ element, fired }) =>
        (element.events ?? []).flatMap((event) => (event.name && event.type?.text ? [{ tagName: element.tagName, name: event.name, text: event.type.text, sites: fired.get(event.name) ?? [] }] : [])),
      );
      const types = eventTypes(eventMapModule, [...new Set(elements.flatMap(({ fired }) => [...fired.values()].flat().map((s) => s.file)))], claims);

      for (const { element, fired } of elements) {
        const events = (element.events ??= []);
        for (const [name, [first]] of fired) {
          const claimed = claims.findIndex((c) => c.tagName === element.tagName && c.name === name);
          const type = claimed < 0 ? types.map.get(name) : types.claimed[claimed];
          if (!type) throw new Error(`<${element.tagName}> fires "${name}" (${first.at}), which HTMLElementEventMap does not declare.`);
          const event = events.find((e) => e.name === name);
          if (event) event.type = type;
          else {
            console.warn(`[tpe-typed-events] <${element.tagName}> fires "${name}" (${first.at}) with no @fires line to describe it.`);
            events.push({ name, type });
          }
        }
        for (const event of events) {
          if (event.name && !fired.has(event.name)) console.warn(`[tpe-typed-events] <${element.tagName}> documents "${event.name}", which nothing it runs fires.`);
        }
      }
    },
  };
}

/**
 * Every `tpe-` event the element's modules fire, with where: `emit(target, 'tpe-x' | cond ? 'tpe-a' : 'tpe-b', …)`
 * and `new CustomEvent('tpe-x', …)`.
 * @param {string} elementModule
 * @returns {Map<string, Site[]>}
 */
export function firedEvents(elementModule) {
  /** @type {Map<string, Site[]>} */
  const fired = new Map();
  for (const [key, source] of runtimeModules(elementModule)) {
    /** @param {ts.Node} node */
    const visit = (node) => {
      const name =
        ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'emit'
          ? node.arguments[1]
          : ts.isNewExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'CustomEvent'
            ? node.arguments?.[0]
            : undefined;
      for (const literal of name ? stringLiterals(name) : []) {
        if (literal.startsWith('tpe-')) fired.set(literal, [...(fired.get(literal) ?? []), { file: source.fileName, start: node.getStart(), at: where(key, node) }]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return fired;
}

/**
 * The `tpe-` entries of the global HTMLElementEventMap, each as its declared type's text (whitespace folded)
 * and the named types in it that a file of this repository declares; and each claim's type, once checked.
 * @param {string} eventMapModule
 * @param {string[]} files the modules with the sites, so the checker sees their arguments
 * @param {Array<{ tagName?: string, name: string, text: string, sites: Site[] }>} claims
 * @returns {{ map: Map<string, EventType>, claimed: EventType[] }}
 */
export function eventTypes(eventMapModule, files, claims = []) {
  const mapFile = path.resolve(eventMapModule);
  // Each claim becomes an alias at the end of the event-map module, so its names mean what they mean there.
  const aliases = claims.map((c, i) => `\nexport type __tpe_claim_${i} = ${c.text};`).join('');
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    experimentalDecorators: true,
    useDefineForClassFields: false,
    types: [],
    noEmit: true,
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile;
  host.getSourceFile = (fileName, language, ...rest) =>
    path.resolve(fileName) === mapFile ? ts.createSourceFile(fileName, readFileSync(mapFile, 'utf8') + aliases, language, true) : getSourceFile.call(host, fileName, language, ...rest);
  const program = ts.createProgram([mapFile, ...files], options, host);
  const checker = program.getTypeChecker();
  const source = /** @type {ts.SourceFile} */ (program.getSourceFile(mapFile));

  const problems = ts.getPreEmitDiagnostics(program, source).filter((d) => d.start === undefined || d.start >= source.text.length - aliases.length);
  if (problems.length) throw new Error(`An @fires type does not compile in ${eventMapModule}'s terms: ${problems.map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')).join('; ')}`);

  const mapSymbol = checker.getSymbolsInScope(source, ts.SymbolFlags.Interface).find((s) => s.name === 'HTMLElementEventMap');
  if (!mapSymbol) throw new Error(`${eventMapModule} does not reach an HTMLElementEventMap.`);
  const eventMap = checker.getDeclaredTypeOfSymbol(mapSymbol);
  /** @type {Map<string, EventType>} */
  const map = new Map();
  for (const property of eventMap.getProperties()) {
    const declaration = property.declarations?.[0];
    if (!property.name.startsWith('tpe-') || !declaration || !ts.isPropertySignature(declaration) || !declaration.type) continue;
    map.set(property.name, { text: declaration.type.getText().replace(/\s+/g, ' '), references: references(declaration.type, checker) });
  }

  const claimed = claims.map((claim, i) => {
    const alias = /** @type {ts.TypeAliasDeclaration} */ (source.statements.find((s) => ts.isTypeAliasDeclaration(s) && s.name.text === `__tpe_claim_${i}`));
    const type = checker.getTypeFromTypeNode(alias.type);
    const mapProperty = eventMap.getProperty(claim.name);
    const who = `<${claim.tagName}>'s @fires {${claim.text}} ${claim.name}`;
    if (!mapProperty || !checker.isTypeAssignableTo(type, checker.getTypeOfSymbol(mapProperty))) throw new Error(`${who} does not fit HTMLElementEventMap's type for it.`);
    const detail = type.getProperty('detail');
    for (const site of claim.sites) {
      // emit(target, name, detail) is checked against the detail; new CustomEvent(…) against the event.
      const node = nodeAt(/** @type {ts.SourceFile} */ (program.getSourceFile(site.file)), site.start);
      const [fired, expected] = node && ts.isCallExpression(node) ? [node.arguments[2], detail && checker.getTypeOfSymbol(detail)] : [node, type];
      if (!fired || !expected || !checker.isTypeAssignableTo(checker.getTypeAtLocation(fired), expected)) throw new Error(`${who} is not what ${site.at} fires.`);
    }
    return { text: claim.text.replace(/\s+/g, ' '), references: references(alias.type, checker) };
  });
  return { map, claimed };
}

/** The outermost call or `new` expression that starts at `start`. */
function nodeAt(/** @type {ts.SourceFile} */ source, /** @type {number} */ start) {
  /** @type {ts.Node | undefined} */
  let found;
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (found || node.getEnd() <= start || node.getStart() > start) return;
    if (node.getStart() === start && (ts.isCallExpression(node) || ts.isNewExpression(node))) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The named types in `typeNode` that a file of this repository declares or re-exports under that name, with
 * that file: `AccountSummary` from src/auth/auth-provider.ts, and `CallState` from src/calling/calling-sdk.ts,
 * which re-exports the calling SDK's (so the shipped declarations can name it without reaching into the SDK).
 * @param {ts.TypeNode} typeNode @param {ts.TypeChecker} checker
 */
function references(typeNode, checker) {
  /** @type {Map<string, string>} */
  const found = new Map();
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isTypeReferenceNode(node) && ts.isIdentifier(node.typeName)) {
      const name = node.typeName.text;
      const module = declaringModule(name, checker.getSymbolAtLocation(node.typeName), checker);
      if (module) found.set(name, module);
    }
    ts.forEachChild(node, visit);
  };
  visit(typeNode);
  return [...found].map(([name, module]) => ({ name, module }));
}

/** Follows imports and re-exports to the last file of ours that exports `name`. */
function declaringModule(/** @type {string} */ name, /** @type {ts.Symbol | undefined} */ symbol, /** @type {ts.TypeChecker} */ checker) {
  /** @type {string | undefined} */
  let module;
  for (let hops = 0; symbol && hops < 20; hops++) {
    const declaration = symbol.declarations?.[0];
    if (!declaration) break;
    const file = path.relative(process.cwd(), declaration.getSourceFile().fileName).split(path.sep).join('/');
    if (file.startsWith('..') || file.includes('node_modules/')) break;
    const exported = ts.isExportSpecifier(declaration) || !(ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration));
    if (exported && symbol.name === name) module = file;
    if (!(symbol.flags & ts.SymbolFlags.Alias)) break;
    symbol = checker.getImmediateAliasedSymbol(symbol);
  }
  return module;
}
