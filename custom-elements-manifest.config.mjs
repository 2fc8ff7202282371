// `cem analyze` reads the elements' JSDoc (@tagname, @fires, @csspart, @cssprop) and Lit decorators; the
// plugins below make the manifest say what the code does and where the tarball has it, then generate the
// framework and editor types from it. Plugins run in this order, each on the whole manifest.
import { modulePathResolverPlugin } from '@wc-toolkit/module-path-resolver';
import { customElementJetBrainsPlugin } from 'custom-element-jet-brains-integration';
import { customElementVsCodePlugin } from 'custom-element-vs-code-integration';
import { frameworkTypesPlugin } from './scripts/manifest/framework-types.mjs';
import { shippedDeclarations, shippedModule, shippedPathsPlugin } from './scripts/manifest/shipped-paths.mjs';
import { stylingApiPlugin } from './scripts/manifest/styling-api.mjs';
import { typedEventsPlugin } from './scripts/manifest/typed-events.mjs';

export default {
  globs: ['src/elements/tpe-element.ts', 'src/elements/tpe-consent.ts', 'src/elements/tpe-call-agent.ts'],
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
      // The base class (TpeElement) has no tag, so no module defines it: its empty path is dropped below.
      definitionPathTemplate: (_path, _name, tagName) => (tagName ? `dist/lib/define/${tagName}.js` : ''),
    }),
    shippedPathsPlugin(),
    // From the finished manifest: React 19 JSX and Vue 3 types for the tarball, and the React example's copy,
    // which imports from src/ so the demo type-checks without a build.
    frameworkTypesPlugin({
      react: [
        { file: 'dist/types/react.d.ts', importFrom: 'shipped' },
        { file: 'demo/examples/react/tpe-elements-jsx.d.ts', importFrom: 'source' },
      ],
      vue: [{ file: 'dist/types/vue.d.ts', importFrom: 'shipped' }],
    }),
    // Editors: VS Code's custom HTML and CSS data, JetBrains' web-types (package.json's "web-types" names it).
    customElementVsCodePlugin({ outdir: 'dist', htmlFileName: 'vscode.html-custom-data.json', cssFileName: 'vscode.css-custom-data.json', hideLogs: true }),
    customElementJetBrainsPlugin({ outdir: 'dist', webTypesFileName: 'web-types.json', modulePathTemplate: (_name, modulePath) => `./${modulePath}`, hideLogs: true }),
  ],
};
