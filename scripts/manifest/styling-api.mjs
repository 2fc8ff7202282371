// Analyzer plugin: each element's parts and `--tpe-*` custom properties, as its templates and styles have
// them. Parts come from the `html` templates of the modules the element runs (the admin view's, loaded on
// demand, included): `part="a b"`, the literals of `part=${cond ? 'x' : 'y'}`, and for `part=${param}` the
// literals its callers pass. Custom properties come from `var(--tpe-…)` in its `css` templates. The class's
// `@csspart` / `@cssprop` lines only describe; what the source has and they lack is added with a warning.
import ts from 'typescript';
import { runtimeModules, stringLiterals, where } from './runtime-modules.mjs';

/** @typedef {import('custom-elements-manifest/schema.js').Package} Package */
/** @typedef {import('custom-elements-manifest/schema.js').ClassDeclaration & import('custom-elements-manifest/schema.js').CustomElement} CustomElementDeclaration schema 1.0.0's own misses CustomElement */

export function stylingApiPlugin() {
  return {
    name: 'tpe-styling-api',
    /** @param {{ customElementsManifest: Package }} params */
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const element of /** @type {CustomElementDeclaration[]} */ (module.declarations ?? [])) {
          if (!element.customElement || !element.tagName) continue;
          const { parts, cssProperties } = stylingApi(module.path);
          merge(element.tagName, 'part', (element.cssParts ??= []), parts, '@csspart');
          merge(element.tagName, 'custom property', (element.cssProperties ??= []), cssProperties, '@cssprop');
        }
      }
    },
  };
}

/**
 * @param {string} tagName @param {string} what
 * @param {Array<{ name: string, description?: string }>} documented the entries the JSDoc gave
 * @param {Map<string, string>} found name → where the source has it
 * @param {string} tag the JSDoc tag that describes one
 */
function merge(tagName, what, documented, found, tag) {
  for (const [name, at] of found) {
    if (documented.some((d) => d.name === name)) continue;
    console.warn(`[tpe-styling-api] <${tagName}> has ${what} "${name}" (${at}) with no ${tag} line to describe it.`);
    documented.push({ name });
  }
  for (const { name } of documented) {
    if (!found.has(name)) console.warn(`[tpe-styling-api] <${tagName}> documents ${what} "${name}", which its source never has.`);
  }
}

/**
 * @param {string} elementModule
 * @returns {{ parts: Map<string, string>, cssProperties: Map<string, string> }} name → where
 */
export function stylingApi(elementModule) {
  const modules = runtimeModules(elementModule);
  /** @type {Map<string, string>} */
  const parts = new Map();
  /** @type {Map<string, string>} */
  const cssProperties = new Map();
  /** @type {Array<{ fn: string, index: number, at: string }>} `part=${param}`: the function and its parameter */
  const forwarded = [];
  /** @type {Array<{ key: string, call: ts.CallExpression }>} */
  const calls = [];
  const add = (/** @type {Map<string, string>} */ into, /** @type {string} */ names, /** @type {string} */ at) => {
    for (const name of names.split(/\s+/)) if (name && !into.has(name)) into.set(name, at);
  };

  for (const [key, source] of modules) {
    /** @param {ts.Node} node */
    const visit = (node) => {
      if (ts.isCallExpression(node)) calls.push({ key, call: node });
      if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
        const template = node.template;
        // The template's literal pieces, each raw as written (so an offset in one is an offset in the file).
        const pieces = ts.isNoSubstitutionTemplateLiteral(template) ? [template] : [template.head, ...template.templateSpans.map((s) => s.literal)];
        const texts = pieces.map((piece) => piece.rawText ?? '');
        if (node.tag.text === 'html') {
          texts.forEach((text, i) => {
            for (const match of text.matchAll(/\bpart=(["'])([^"'$]*)\1/g)) add(parts, match[2], where(key, pieces[i], 1 + (match.index ?? 0)));
          });
          if (!ts.isNoSubstitutionTemplateLiteral(template)) {
            template.templateSpans.forEach((span, i) => {
              if (!/\bpart=["']?$/.test(texts[i])) return;
              const at = where(key, span.expression);
              const literals = stringLiterals(span.expression);
              for (const literal of literals) add(parts, literal, at);
              const parameter = ts.isIdentifier(span.expression) ? parameterOf(span.expression) : undefined;
              if (parameter) forwarded.push({ ...parameter, at });
              else if (!literals.length) console.warn(`[tpe-styling-api] ${at}: cannot tell which part names part=\${${span.expression.getText()}} gives.`);
            });
          }
        } else if (node.tag.text === 'css') {
          texts.forEach((text, i) => {
            for (const match of text.matchAll(/var\(\s*(--tpe-[\w-]+)/g)) add(cssProperties, match[1], where(key, pieces[i], 1 + (match.index ?? 0)));
          });
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  for (const { fn, index, at } of forwarded) {
    const callers = calls.filter(({ call }) => ts.isIdentifier(call.expression) && call.expression.text === fn);
    if (!callers.length) console.warn(`[tpe-styling-api] ${at}: ${fn}() is never called, so its part names are unknown.`);
    for (const { key, call } of callers) {
      const argument = call.arguments[index];
      const literals = argument ? stringLiterals(argument) : [];
      if (!literals.length) console.warn(`[tpe-styling-api] ${where(key, call)}: cannot tell which part name ${fn}() is given.`);
      for (const literal of literals) add(parts, literal, where(key, call));
    }
  }
  return { parts, cssProperties };
}

/**
 * For `part=${name}` where `name` is a parameter of the enclosing function: that function's name and the
 * parameter's position, so its callers can be read.
 * @param {ts.Identifier} identifier
 * @returns {{ fn: string, index: number } | undefined}
 */
function parameterOf(identifier) {
  for (let node = identifier.parent; node; node = node.parent) {
    if (!ts.isFunctionLike(node)) continue;
    const index = node.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === identifier.text);
    if (index < 0) continue;
    const name = ts.isFunctionDeclaration(node) ? node.name : ts.isVariableDeclaration(node.parent) ? node.parent.name : undefined;
    return name && ts.isIdentifier(name) ? { fn: name.text, index } : undefined;
  }
  return undefined;
}
