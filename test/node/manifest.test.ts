// The manifest and the types made from it, checked against the tarball and the source, not against the
// plugins that wrote them: the parts and custom properties are read here again with plain patterns, the
// events from the event maps' own text. Builds the library once (`npm run build:lib`), as a release would.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

interface Described {
  name: string;
  description?: string;
}
interface ManifestEvent extends Described {
  type?: { text: string; references?: Array<{ name: string; module?: string }> };
}
interface ManifestElement extends Described {
  tagName?: string;
  customElement?: boolean;
  events?: ManifestEvent[];
  cssParts?: Described[];
  cssProperties?: Described[];
}
interface Manifest {
  modules: Array<{ path: string; declarations?: ManifestElement[] }>;
}

let manifest: Manifest;
let packed: Set<string>;
let elements: Array<{ modulePath: string; element: ManifestElement }>;

before(() => {
  execFileSync('npm', ['run', 'build:lib'], { cwd: root, stdio: 'pipe' });
  manifest = JSON.parse(read('custom-elements.json')) as Manifest;
  const [pack] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as Array<{ files: Array<{ path: string }> }>;
  packed = new Set(pack.files.map((f) => f.path));
  elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement && d.tagName).map((element) => ({ modulePath: m.path, element })));
});

/** The element's source file, from its shipped module: `dist/lib/elements/x.js` → `src/elements/x.ts`. */
const sourceOf = (modulePath: string) => modulePath.replace(/^dist\/lib\/(.*)\.js$/, 'src/$1.ts');
const elementFiles = () => readdirSync(path.join(root, 'src/elements')).filter((f) => f.endsWith('.ts')).map((f) => `src/elements/${f}`);
const names = (list: Described[] | undefined) => new Set((list ?? []).map((d) => d.name));

describe('custom-elements.json', () => {
  it('describes both elements', () => {
    assert.deepEqual(elements.map((e) => e.element.tagName).sort(), ['tpe-call-agent', 'tpe-consent']);
  });

  it('names only files the tarball ships', () => {
    const paths: string[] = [];
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (['path', 'module', 'typeDefinitionPath'].includes(key) && typeof child === 'string') paths.push(child);
          else collect(child);
        }
      }
    };
    collect(manifest.modules);
    assert.ok(paths.some((p) => p.endsWith('.d.ts')), 'the elements’ declarations and the event types’ references are named');
    assert.deepEqual(paths.filter((p) => !packed.has(p)), [], 'every module the manifest names is in `npm pack`');
  });

  it("package.json points every entry, the manifest and the editors' data at packed files", () => {
    const pkg = JSON.parse(read('package.json')) as { customElements: string; 'web-types': string; exports: Record<string, string | Record<string, string>> };
    const targets = [pkg.customElements, pkg['web-types'], ...Object.values(pkg.exports).flatMap((t) => (typeof t === 'string' ? [t] : Object.values(t)))];
    assert.deepEqual(
      targets.map((t) => t.replace(/^\.\//, '')).filter((t) => !packed.has(t)),
      [],
    );
    assert.deepEqual(pkg.exports['./react'], { types: './dist/types/react.d.ts' });
    assert.deepEqual(pkg.exports['./vue'], { types: './dist/types/vue.d.ts' });
  });

  it('lists every event of the event maps, each typed and described', () => {
    const declared = ['src/tpe-events.ts', 'src/consent/consent-events.ts', 'src/calling/call-agent-events.ts'].flatMap((file) =>
      [...read(file).matchAll(/'(tpe-[a-z-]+)':\s*CustomEvent</g)].map(([, name]) => name),
    );
    const listed = elements.flatMap(({ element }) => element.events ?? []);
    assert.deepEqual([...new Set(declared)].filter((name) => !listed.some((e) => e.name === name)), [], 'every declared event is on an element');
    for (const { element } of elements) {
      for (const event of element.events ?? []) {
        const detail = event.type?.text.match(/^CustomEvent<(.+)>$/)?.[1]?.trim();
        assert.ok(detail && detail !== 'never' && !/\bnever\b|\bany\b/.test(detail), `<${element.tagName}> ${event.name}: a detail type (${event.type?.text})`);
        assert.ok(event.description?.trim(), `<${element.tagName}> ${event.name}: a description`);
      }
    }
    const statusOf = (tag: string) => elements.find((e) => e.element.tagName === tag)?.element.events?.find((e) => e.name === 'tpe-status-change')?.type?.text;
    assert.equal(statusOf('tpe-consent'), 'CustomEvent<StatusChangeDetail<ConsentStatus>>');
    assert.equal(statusOf('tpe-call-agent'), 'CustomEvent<StatusChangeDetail<CallAgentStatus>>');
  });

  it('lists every part the templates have, the admin view’s included, each described', () => {
    const inSource = new Set<string>();
    for (const file of elementFiles()) {
      const text = read(file);
      for (const [, , value] of text.matchAll(/\bpart=(["'])([^"'$]+)\1/g)) value.split(/\s+/).forEach((n) => inSource.add(n));
      for (const [, expression] of text.matchAll(/\bpart=\$\{([^}]*)\}/g)) for (const [, n] of expression.matchAll(/'([^']+)'/g)) inSource.add(n);
    }
    assert.ok(inSource.has('resource-account') && inSource.has('grant-button'), 'the admin panel is read');
    const listed = new Set(elements.flatMap(({ element }) => [...names(element.cssParts)]));
    assert.deepEqual([...inSource].filter((n) => !listed.has(n)), [], 'every part= of src/elements is in the manifest');
    // The other way: a listed part is a name the source has (copyable() takes its part as an argument).
    const quoted = new Set(elementFiles().flatMap((file) => [...read(file).matchAll(/['"]([a-z][a-z-]*)['"]/g)].map(([, n]) => n)));
    assert.deepEqual([...listed].filter((n) => !inSource.has(n) && !quoted.has(n)), [], 'no part the source never renders');
    for (const { element } of elements) {
      for (const part of element.cssParts ?? []) assert.ok(part.description?.trim(), `<${element.tagName}> part ${part.name}: a description`);
    }
  });

  it('lists every --tpe- custom property of the styles each element adopts, each described', () => {
    for (const { modulePath, element } of elements) {
      const source = sourceOf(modulePath);
      // Its own stylesheets, and those of the base class it extends (TpeElement's shared look).
      const files = [source, ...(/extends TpeElement\b/.test(read(source)) ? ['src/elements/tpe-element.ts'] : [])];
      const styles = files.flatMap((file) => [...read(file).matchAll(/from '\.\/([\w.-]+\.styles)\.js'/g)].map(([, name]) => `src/elements/${name}.ts`));
      assert.ok(styles.length, `${source} adopts a stylesheet`);
      const used = new Set(styles.flatMap((file) => [...read(file).matchAll(/var\(\s*(--tpe-[\w-]+)/g)].map(([, n]) => n)));
      const listed = names(element.cssProperties);
      assert.deepEqual([...used].filter((n) => !listed.has(n)), [], `<${element.tagName}>: every property its styles read`);
      assert.deepEqual([...listed].filter((n) => !used.has(n)), [], `<${element.tagName}>: no property its styles never read`);
      for (const property of element.cssProperties ?? []) assert.ok(property.description?.trim(), `<${element.tagName}> ${property.name}: a description`);
    }
  });
});

describe('the generated framework types', () => {
  /** Type-checks a fixture as an app would (NodeNext, React's JSX runtime, no skipLibCheck). */
  function check(fixture: string, paths: Record<string, string[]> = {}) {
    const file = path.join(root, 'test/node/fixtures', fixture);
    const program = ts.createProgram([file], {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
      jsx: ts.JsxEmit.ReactJSX,
      strict: true,
      noEmit: true,
      types: [],
      paths,
    });
    const diagnosticsOf = (source: ts.SourceFile) => [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    const generated = program.getSourceFiles().filter((s) => s.fileName.includes('/dist/types/'));
    const found = diagnosticsOf(program.getSourceFile(file)!).map((d) => ({
      line: d.file!.getLineAndCharacterOfPosition(d.start!).line + 1,
      code: `TS${d.code}`,
      message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
    }));
    const lines = readFileSync(file, 'utf8').split('\n');
    const expected = lines.flatMap((text, i) => [...text.matchAll(/expect (TS\d+)/g)].map(([, code]) => ({ line: i + 1, code })));
    return { generated, generatedProblems: generated.flatMap((s) => diagnosticsOf(s).map((d) => `${s.fileName}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`)), found, expected };
  }

  it('React 19: right props and typed ontpe-… handlers compile; a wrong prop or detail fails with the expected error', () => {
    const { generated, generatedProblems, found, expected } = check('react-usage.tsx');
    assert.ok(generated.some((s) => s.fileName.endsWith('dist/types/react.d.ts')), "the fixture reaches the tarball's react.d.ts through `tpe-elements/react`");
    assert.deepEqual(generatedProblems, []);
    assert.deepEqual(
      found.map(({ line, code }) => ({ line, code })),
      expected,
      found.map((f) => `${f.line} ${f.code} ${f.message}`).join('\n'),
    );
  });

  it("Vue 3: GlobalComponents types the tags' props and events' details", () => {
    const { generated, generatedProblems, found, expected } = check('vue-usage.tsx', { vue: [path.join(root, 'test/node/fixtures/vue-stub.d.ts')] });
    assert.ok(generated.some((s) => s.fileName.endsWith('dist/types/vue.d.ts')));
    assert.deepEqual(generatedProblems, []);
    assert.deepEqual(
      found.map(({ line, code }) => ({ line, code })),
      expected,
      found.map((f) => `${f.line} ${f.code} ${f.message}`).join('\n'),
    );
  });

  it("VS Code and JetBrains data list both tags, their events' types and every part", () => {
    const html = JSON.parse(read('dist/vscode.html-custom-data.json')) as { tags: Array<{ name: string }> };
    assert.deepEqual(html.tags.map((t) => t.name).sort(), ['tpe-call-agent', 'tpe-consent']);
    const css = JSON.parse(read('dist/vscode.css-custom-data.json')) as { properties: Array<{ name: string }> };
    assert.ok(css.properties.some((p) => p.name === '--tpe-color-primary'));
    const webTypes = JSON.parse(read('dist/web-types.json')) as {
      contributions: { html: { elements: Array<{ name: string; events: Array<{ name: string; type?: string }> }> }; css: { 'pseudo-elements': Array<{ name: string }> } };
    };
    for (const tag of webTypes.contributions.html.elements) {
      for (const event of tag.events) assert.match(event.type ?? '', /^CustomEvent<.+>$/, `${tag.name} ${event.name}`);
    }
    const parts = new Set(webTypes.contributions.css['pseudo-elements'].map((p) => p.name));
    assert.ok(parts.has('part(resource-account)') && parts.has('part(dial-button)'));
  });
});
