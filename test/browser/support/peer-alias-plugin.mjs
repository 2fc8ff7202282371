// Web Test Runner plugin: runs the tests against other versions of the peer dependencies. Every import of a
// peer (from the library, a test or another package, subpaths included) is resolved as if it named the alias
// instead, by the same node resolution that serves every other import, so the rest of the run is unchanged.

/**
 * The lowest end of each peer range in package.json, installed as npm aliases (devDependencies). The Calling
 * SDK's own import of `@azure/communication-common` goes to the lowest one too: the one copy an app has.
 */
export const LOWEST_PEERS = {
  '@azure/communication-calling': '@azure/communication-calling-lowest',
  '@azure/communication-common': '@azure/communication-common-lowest',
  '@azure/msal-browser': '@azure/msal-browser-lowest',
};

/**
 * @param {Record<string, string>} aliases package name → the specifier to resolve in its place
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
export function peerAliasPlugin(aliases) {
  /** @type {import('@web/test-runner').TestRunnerPlugin[]} */
  let resolvers = [];

  /** @param {string} source */
  function aliasOf(source) {
    for (const [name, alias] of Object.entries(aliases)) {
      if (source === name || source.startsWith(`${name}/`)) return alias + source.slice(name.length);
    }
    return undefined;
  }

  /** @type {import('@web/test-runner').TestRunnerPlugin} */
  const plugin = {
    name: 'peer-alias',
    serverStart({ config }) {
      resolvers = (config.plugins ?? []).filter((other) => other !== plugin && other.resolveImport);
    },
    async resolveImport({ source, context, code, column, line }) {
      const alias = aliasOf(source);
      if (!alias) return undefined;
      for (const resolver of resolvers) {
        const resolved = await resolver.resolveImport?.({ source: alias, context, code, column, line });
        if (resolved) return resolved;
      }
      // Never fall back to the peer itself: the run would pass against the wrong version.
      throw new Error(`peer-alias: cannot resolve ${alias} (for ${source}); is it installed?`);
    },
  };
  return plugin;
}
