import { createRequire } from 'node:module';

/**
 * The Azure SDK packages the proxy uses, loaded as CommonJS. The identity SDK ships CommonJS only, so it loads
 * the CommonJS builds of core-rest-pipeline, core-client, communication-common and core-tracing; an ES import
 * here would load their ESM builds beside them: two copies of each in memory (measured in a CPU profile: both
 * builds of core-client, communication-common and the HTTP runtime ran), and module state (the tracing
 * instrumenter, policy bookkeeping) split between the two. Requiring them the same way keeps one of each.
 */
const load = createRequire(import.meta.url);

export const corePipeline = load('@azure/core-rest-pipeline') as typeof import('@azure/core-rest-pipeline');
export const coreClient = load('@azure/core-client') as typeof import('@azure/core-client');
export const communicationCommon = load('@azure/communication-common') as typeof import('@azure/communication-common');
export const communicationIdentity = load('@azure/communication-identity') as typeof import('@azure/communication-identity');
export const coreTracing = load('@azure/core-tracing') as typeof import('@azure/core-tracing');
