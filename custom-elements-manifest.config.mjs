// `cem analyze` reads the elements' JSDoc (@tagname, @fires, @csspart, @cssprop) and Lit decorators; the
// plugins below make the manifest say what the code does. Plugins run in this order, each on the whole manifest.
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
  ],
};
