import { communicationCommon } from './acs/azure-sdk.js';

const { parseConnectionString } = communicationCommon;
import { parseTrustProxy, type TrustProxy } from './http/trust-proxy.js';
import { parseRedisUrl } from './store/redis-url.js';

/** Everything the proxy is told by its environment; see the README's table. */

/** The log levels LOG_LEVEL may name, quietest last. */
const LOG_LEVELS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
export interface ProxyConfig {
  host: string;
  port: number;
  acs: {
    endpoint: string;
    /** From ACS_CONNECTION_STRING; absent means a managed identity (DefaultAzureCredential). */
    connectionString?: string;
    /**
     * AZURE_AUTHORITY_HOST, which @azure/identity also reads: where the managed identity's tokens come from
     * when that is not Microsoft's public or a national cloud (Azure Stack, the dev tenant).
     */
    identityAuthorityHost?: string;
    immutableResourceId: string;
    /** Spelling of the resource-account principal type sent to ACS (the spec and the docs disagree). */
    resourceAccountPrincipalType: 'resourceAccount' | 'teamsResourceAccount';
  };
  entra: {
    /** `https://login.microsoftonline.com`, or the dev tenant's origin. */
    authorityHost: string;
    /** Issuer templates with `{tid}`; a token's `iss` must match one for its own tenant. */
    issuerTemplates: string[];
    allowedTenants: string[];
    allowedClientIds: string[];
    /** The proxy's own API: audiences accepted by the assignment endpoints, and the scope they need. */
    apiAudiences: string[];
    apiScope: string;
    clockToleranceSeconds: number;
  };
  client: {
    clientId: string;
    authority: string;
    knownAuthorities: string[];
    /** Where to read the OpenID configuration to hand MSAL as `authorityMetadata` (dev tenant only). */
    discoveryUrl?: string;
    ccaasBotAppId?: string;
    /** Microsoft Graph for the admin view: `https://graph.microsoft.com`, or the dev tenant's origin. */
    graphBaseUrl: string;
    /** Which calling stack pages load: the real Calling SDK, or the simulator on the dev tenant. */
    calling: 'sdk' | 'simulator';
  };
  corsOrigins: string[];
  limits: {
    perIpPerMinute: number;
    perCallerPerMinute: number;
    bodyBytes: number;
    tokenCacheEntries: number;
    /** Open connections one address may hold; 0 means no cap (behind a load balancer that is one address). */
    connectionsPerIp: number;
  };
  /** How long the proxy waits on its callers: the whole request, an idle keep-alive connection, shutdown. */
  timeouts: { requestMs: number; keepAliveMs: number; shutdownGraceMs: number };
  upstream: { timeoutMs: number; maxRetries: number; retryDelayMs: number };
  logLevel: string;
  /** TRUST_PROXY: which peers may name the client's address (X-Forwarded-For); off by default. */
  trustProxy: TrustProxy;
  /** REDIS_URL: where N instances share rate limits and the exchange cache; absent, each keeps its own. */
  redisUrl?: string;
  /** TOKEN_CACHE_MAX_SECONDS: the longest a cached exchange is served, for revocations the proxy cannot see; 0 turns caching off. */
  tokenCacheMaxSeconds: number;
  /** OpenTelemetry: traces and metrics over OTLP/HTTP, and a Prometheus endpoint; each off unless configured. */
  telemetry: {
    serviceName: string;
    /** OTEL_EXPORTER_OTLP_ENDPOINT: the collector's base URL (`/v1/traces`, `/v1/metrics` are appended). */
    otlpEndpoint?: string;
    metricExportIntervalMs: number;
    /** PROMETHEUS_PORT: where `GET /metrics` answers (0 picks a free port); absent means no endpoint. */
    prometheus?: { host: string; port: number };
  };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`The token proxy cannot start:\n  - ${problems.join('\n  - ')}\nSee the README's "Token proxy configuration" table.`);
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Reads and checks the environment, collecting every problem so one start-up tells them all. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ProxyConfig {
  const problems: string[] = [];
  const text = (name: string, fallback?: string) => {
    const value = env[name]?.trim();
    return value ? value : fallback;
  };
  const required = (name: string, what: string) => {
    const value = text(name);
    if (!value) problems.push(`${name} is required: ${what}.`);
    return value ?? '';
  };
  const list = (name: string, fallback: string[] = []) => {
    const value = text(name);
    return value ? value.split(',').map((v) => v.trim()).filter(Boolean) : fallback;
  };
  const integer = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) problems.push(`${name} must be a whole number from ${min} to ${max}, not "${raw}".`);
    return value;
  };
  const guid = (name: string, value: string) => {
    if (value && !GUID.test(value)) problems.push(`${name} must be a GUID, not "${value}".`);
  };
  const url = (name: string, value: string, { httpOnLoopbackOnly = true } = {}) => {
    if (!value) return;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      problems.push(`${name} must be a URL, not "${value}".`);
      return;
    }
    if (parsed.protocol === 'http:' && httpOnLoopbackOnly && !LOOPBACK.has(parsed.hostname)) {
      problems.push(`${name} must use https:// (plain http is allowed on loopback only): "${value}".`);
    } else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      problems.push(`${name} must be an http(s) URL, not "${value}".`);
    }
  };

  /** Pino's level names (any case): a number or a misspelling is a problem listed with the others, not a crash at start. */
  const logLevel = (value: string): string => {
    const name = value.toLowerCase();
    if (LOG_LEVELS.includes(name)) return name;
    problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${value}".`);
    return 'info';
  };

  const connectionString = text('ACS_CONNECTION_STRING');
  let endpoint = text('ACS_ENDPOINT') ?? '';
  if (connectionString) {
    try {
      const parsed = parseConnectionString(connectionString);
      endpoint = parsed.endpoint;
    } catch {
      problems.push('ACS_CONNECTION_STRING must look like "endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 key>".');
    }
  } else if (!endpoint) {
    problems.push('ACS_CONNECTION_STRING or ACS_ENDPOINT is required: the connection string, or the endpoint for a managed identity.');
  }
  endpoint = endpoint.replace(/\/+$/, '');
  url('ACS endpoint', endpoint);
  const identityAuthorityHost = text('AZURE_AUTHORITY_HOST')?.replace(/\/+$/, '');
  if (identityAuthorityHost) url('AZURE_AUTHORITY_HOST', identityAuthorityHost);

  const immutableResourceId = required('ACS_RESOURCE_ID', "the ACS resource's immutable resource id (a GUID)");
  guid('ACS_RESOURCE_ID', immutableResourceId);

  const clientId = required('ENTRA_CLIENT_ID', "the CCaaS client app's application (client) id");
  guid('ENTRA_CLIENT_ID', clientId);
  const allowedTenants = list('ENTRA_ALLOWED_TENANTS');
  if (!allowedTenants.length) problems.push('ENTRA_ALLOWED_TENANTS is required: the tenant ids whose users may use this proxy (comma-separated).');
  allowedTenants.forEach((t) => guid('ENTRA_ALLOWED_TENANTS', t));
  const allowedClientIds = list('ENTRA_ALLOWED_CLIENT_IDS', clientId ? [clientId] : []);
  allowedClientIds.forEach((c) => guid('ENTRA_ALLOWED_CLIENT_IDS', c));

  const authorityHost = (text('ENTRA_AUTHORITY_HOST', 'https://login.microsoftonline.com') ?? '').replace(/\/+$/, '');
  url('ENTRA_AUTHORITY_HOST', authorityHost);
  // v2 tokens name the authority; v1 tokens (an API registered with accessTokenAcceptedVersion 1, ACS's own API)
  // name Entra's STS whatever host issued them, the dev tenant too. Keys still come from the authority host only.
  const defaultIssuers = [`${authorityHost}/{tid}/v2.0`, 'https://sts.windows.net/{tid}/'];
  const issuerTemplates = list('ENTRA_ISSUERS', defaultIssuers);
  for (const template of issuerTemplates) if (!template.includes('{tid}')) problems.push(`ENTRA_ISSUERS entries must contain {tid}: "${template}".`);

  const discoveryUrl = text('ENTRA_DISCOVERY_URL');
  if (discoveryUrl) url('ENTRA_DISCOVERY_URL', discoveryUrl);
  const graphBaseUrl = (text('GRAPH_BASE_URL', 'https://graph.microsoft.com') ?? '').replace(/\/+$/, '');
  url('GRAPH_BASE_URL', graphBaseUrl);
  const calling = text('CALLING_BACKEND', 'sdk');
  if (calling !== 'sdk' && calling !== 'simulator') problems.push(`CALLING_BACKEND must be sdk or simulator, not "${calling}".`);
  const ccaasBotAppId = text('CCAAS_BOT_APP_ID');
  if (ccaasBotAppId) guid('CCAAS_BOT_APP_ID', ccaasBotAppId);

  const principalType = text('ACS_RESOURCE_ACCOUNT_PRINCIPAL_TYPE', 'resourceAccount');
  if (principalType !== 'resourceAccount' && principalType !== 'teamsResourceAccount') {
    problems.push(`ACS_RESOURCE_ACCOUNT_PRINCIPAL_TYPE must be resourceAccount or teamsResourceAccount, not "${principalType}".`);
  }

  const corsOrigins = list('CORS_ORIGINS');
  for (const origin of corsOrigins) {
    if (origin === '*') problems.push('CORS_ORIGINS may not be "*": list the agent app origins.');
    else url('CORS_ORIGINS', origin, { httpOnLoopbackOnly: true });
  }

  // Telemetry holds no token or secret, and collectors often sit on a cluster network without TLS: http is fine.
  const otlpEndpoint = text('OTEL_EXPORTER_OTLP_ENDPOINT');
  if (otlpEndpoint) url('OTEL_EXPORTER_OTLP_ENDPOINT', otlpEndpoint, { httpOnLoopbackOnly: false });

  const host = text('HOST', '127.0.0.1')!;

  const config: ProxyConfig = {
    host,
    port: integer('PORT', 4020, 0, 65535),
    acs: {
      endpoint,
      connectionString,
      identityAuthorityHost,
      immutableResourceId,
      resourceAccountPrincipalType: principalType as ProxyConfig['acs']['resourceAccountPrincipalType'],
    },
    entra: {
      authorityHost,
      issuerTemplates,
      allowedTenants: allowedTenants.map((t) => t.toLowerCase()),
      allowedClientIds: allowedClientIds.map((c) => c.toLowerCase()),
      apiAudiences: list('API_AUDIENCES', clientId ? [clientId, `api://${clientId}`] : []),
      apiScope: text('API_SCOPE', 'access_as_user')!,
      clockToleranceSeconds: integer('CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    },
    client: {
      clientId,
      authority: text('MSAL_AUTHORITY', `${authorityHost}/organizations`)!,
      knownAuthorities: list('MSAL_KNOWN_AUTHORITIES'),
      discoveryUrl,
      ccaasBotAppId,
      graphBaseUrl,
      calling: calling as ProxyConfig['client']['calling'],
    },
    corsOrigins,
    limits: {
      perIpPerMinute: integer('RATE_LIMIT_PER_IP', 600, 1, 1_000_000),
      perCallerPerMinute: integer('RATE_LIMIT_PER_CALLER', 120, 1, 1_000_000),
      bodyBytes: integer('BODY_LIMIT_BYTES', 16 * 1024, 256, 1024 * 1024),
      tokenCacheEntries: integer('TOKEN_CACHE_ENTRIES', 10_000, 0, 1_000_000),
      connectionsPerIp: integer('CONNECTIONS_PER_IP', 64, 0, 1_000_000),
    },
    timeouts: {
      requestMs: integer('REQUEST_TIMEOUT_MS', 10_000, 100, 300_000),
      keepAliveMs: integer('KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 600_000),
      shutdownGraceMs: integer('SHUTDOWN_GRACE_MS', 10_000, 0, 300_000),
    },
    upstream: {
      timeoutMs: integer('UPSTREAM_TIMEOUT_MS', 10_000, 100, 120_000),
      maxRetries: integer('UPSTREAM_MAX_RETRIES', 3, 0, 10),
      retryDelayMs: integer('UPSTREAM_RETRY_DELAY_MS', 500, 1, 60_000),
    },
    logLevel: logLevel(text('LOG_LEVEL', 'info')!),
    trustProxy: parseTrustProxy(text('TRUST_PROXY'), problems),
    redisUrl: parseRedisUrl(text('REDIS_URL'), problems),
    tokenCacheMaxSeconds: integer('TOKEN_CACHE_MAX_SECONDS', 600, 0, 86_400),
    telemetry: {
      serviceName: text('OTEL_SERVICE_NAME', 'tpe-token-proxy')!,
      otlpEndpoint: otlpEndpoint?.replace(/\/+$/, ''),
      metricExportIntervalMs: integer('OTEL_METRIC_EXPORT_INTERVAL', 60_000, 100, 3_600_000),
      prometheus: text('PROMETHEUS_PORT') === undefined ? undefined : { host: text('PROMETHEUS_HOST', host)!, port: integer('PROMETHEUS_PORT', 9464, 0, 65535) },
    },
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

