// Preloaded (`node --import`) into the Azure sample token server only. The sample fetches its token-signing
// keys from a JWKS URI it builds itself on https://login.microsoftonline.com (no setting moves it), and this
// machine has no Entra: the requests for that one host go to the dev tenant's key endpoint instead, as a DNS
// entry and a proxy would send them. Only the key fetch (once, then cached by jwks-rsa) passes through here;
// the exchange itself goes to ACS_CONNECTION_STRING's endpoint untouched.
import http from 'node:http';
import https from 'node:https';

const ENTRA_HOST = 'login.microsoftonline.com';
const devTenant = new URL(process.env.BENCH_ENTRA_STAND_IN ?? '');
const sendToDevTenant = devTenant.protocol === 'https:' ? https.request : http.request;
const originalRequest = https.request;

/**
 * Entra's v1 key path (`/{tenant}/discovery/keys?appid=…`) → the dev tenant's (`/{tenant}/discovery/v2.0/keys`); the keys are the same.
 * @param {string | null | undefined} path
 */
function devTenantPath(path) {
  const tenant = /^\/([^/?]+)\/discovery\//.exec(path ?? '')?.[1];
  return tenant ? `/${tenant}/discovery/v2.0/keys` : path;
}

/** @type {(options: https.RequestOptions, callback?: (response: http.IncomingMessage) => void) => http.ClientRequest} */
function request(options, callback) {
  const host = typeof options === 'object' && options !== null && !(options instanceof URL) ? (options.hostname ?? options.host) : undefined;
  // Everything else (the exchange with ACS among it) goes out as it came, whatever form its arguments take.
  if (host !== ENTRA_HOST) return Reflect.apply(originalRequest, https, arguments);
  const { agent: _agent, ...kept } = options;
  return sendToDevTenant({ ...kept, protocol: devTenant.protocol, hostname: devTenant.hostname, host: undefined, port: devTenant.port, path: devTenantPath(options.path) }, callback);
}
https.request = /** @type {typeof https.request} */ (request);
