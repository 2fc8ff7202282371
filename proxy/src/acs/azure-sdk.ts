import { createRequire } from 'node:module';

/**
 * The Azure SDK packages the proxy uses, loaded as CommonJS, each once. They ship both builds; an ES import of
 * one beside a CommonJS require of another (@azure/identity's dependencies, say) loads both builds of their
 * shared dependencies: two copies in memory (a CPU profile once showed both builds of core-client,
 * communication-common and the HTTP runtime running) and module state (the tracing instrumenter, policy
 * bookkeeping) split between them. Requiring every one the same way keeps one of each.
 */
const load = createRequire(import.meta.url);

export const corePipeline = load('@azure/core-rest-pipeline') as typeof import('@azure/core-rest-pipeline');
export const communicationCommon = load('@azure/communication-common') as typeof import('@azure/communication-common');
export const coreTracing = load('@azure/core-tracing') as typeof import('@azure/core-tracing');

/** @azure/identity, for a managed identity: loaded only then, so key-based deployments never pay for it. */
export function azureIdentity(): typeof import('@azure/identity') {
  return load('@azure/identity') as typeof import('@azure/identity');
}
