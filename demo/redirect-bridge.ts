// Entra (or the dev tenant) returns here after sign-in. An app's page writes
// `import 'tpe-elements/redirect-bridge';`; the demo runs the library from its sources.
import '../src/redirect-bridge.js';
