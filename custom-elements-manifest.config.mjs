// `cem analyze` reads the elements' JSDoc (@tagname, @fires, @csspart, @cssprop) and Lit decorators.
export default {
  globs: ['src/elements/tpe-consent.ts', 'src/elements/tpe-call-agent.ts'],
  outdir: '.',
  litelement: true,
};
