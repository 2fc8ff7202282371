// Prints what a server renders for one of the SSR fixtures (test/node/ssr-fixtures.ts), e.g.
//   npx tsx scripts/ssr-render.ts desk https://proxy.contoso.example
// The browser tests hydrate this output; it runs in a process of its own, as a server would.
import { renderFixture, ssrFixtures, type FixtureName } from '../test/node/ssr-fixtures.js';

const [name, proxyUrl = 'http://localhost:8080'] = process.argv.slice(2);
if (!name || !(name in ssrFixtures)) {
  console.error(`usage: tsx scripts/ssr-render.ts <${Object.keys(ssrFixtures).join('|')}> [proxy-url]`);
  process.exit(2);
}
process.stdout.write(await renderFixture(name as FixtureName, { proxyUrl }));
