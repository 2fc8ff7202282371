// The tarball holds dist/lib (vite.lib.config.ts keeps one file per source module, `src/` as its root;
// tsc writes each `.d.ts` beside its `.js`), not src/. These turn the analyzer's source paths into the
// shipped ones, and the plugin rewrites whatever `module` reference the path resolver leaves behind
// (exports' declarations, event type references), so no path in the manifest points at src/. A type's
// reference points at the `.d.ts`: a module that only declares types (call-agent-events.ts) ships no `.js`.

/** `src/elements/tpe-consent.ts` → `dist/lib/elements/tpe-consent.js` */
export const shippedModule = (/** @type {string} */ source) => source.replace(/^(?:\.?\/)?src\/(.*)\.[jt]s$/, 'dist/lib/$1.js');

/** `src/elements/tpe-consent.ts` → `dist/lib/elements/tpe-consent.d.ts` */
export const shippedDeclarations = (/** @type {string} */ source) => shippedModule(source).replace(/\.js$/, '.d.ts');

/** `dist/lib/elements/tpe-consent.js` or `….d.ts` → `src/elements/tpe-consent.ts`: the other way. */
export const sourceModule = (/** @type {string} */ shipped) => shipped.replace(/^(?:\.\/)?dist\/lib\/(.*?)(?:\.d)?\.[jt]s$/, 'src/$1.ts');

export function shippedPathsPlugin() {
  return {
    name: 'tpe-shipped-paths',
    /** @param {{ customElementsManifest: import('custom-elements-manifest/schema.js').Package }} params */
    packageLinkPhase({ customElementsManifest }) {
      /** @param {unknown} value @param {boolean} [typeReference] */
      const rewrite = (value, typeReference = false) => {
        if (Array.isArray(value)) value.forEach((item) => rewrite(item, typeReference));
        else if (value && typeof value === 'object') {
          const record = /** @type {Record<string, unknown>} */ (value);
          for (const [key, child] of Object.entries(record)) {
            if (key === 'definitionPath' && child === '') delete record[key];
            else if ((key === 'module' || key === 'path') && typeof child === 'string') record[key] = (typeReference ? shippedDeclarations : shippedModule)(child);
            else rewrite(child, typeReference || key === 'references');
          }
        }
      };
      // The base class has no tag: the path resolver's definition module for it (an empty path) defines nothing.
      customElementsManifest.modules = customElementsManifest.modules.filter((module) => module.path !== '');
      rewrite(customElementsManifest.modules);
    },
  };
}
