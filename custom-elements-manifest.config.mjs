// `cem analyze` reads the elements' JSDoc (@tagname, @fires, @csspart, @cssprop) and Lit decorators; the
// plugins below make the manifest say what the code does and where the tarball has it. Plugins run in this
// order, each on the whole manifest.
import { modulePathResolverPlugin } from '@wc-toolkit/module-path-resolver';
import { shippedDeclarations, shippedModule, shippedPathsPlugin } from './scripts/manifest/shipped-paths.mjs';
import { stylingApiPlugin } from './scripts/manifest/styling-api.mjs';
import { typedEventsPlugin } from './scripts/manifest/typed-events.mjs';

export default {
  globs: ['src/elements/tpe-consent.ts', 'src/elements/tpe-call-agent.ts'],
  outdir: '.',
  litelement: true,
  plugins: [
    // From the source: every event an element fires, typed from HTMLElementEventMap; every part and --tpe-* property.
    typedEventsPlugin(),
    stylingApiPlugin(),
    // To the tarball: dist/lib/elements/*.js with the .d.ts beside, and the define/ modules that register each tag.
    modulePathResolverPlugin({
      modulePathTemplate: shippedModule,
      typeDefinitionPathTemplate: shippedDeclarations,
      definitionPathTemplate: (_path, _name, tagName) => `dist/lib/define/${tagName}.js`,
    }),
    shippedPathsPlugin(),
  ],
};
