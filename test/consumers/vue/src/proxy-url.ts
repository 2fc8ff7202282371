// Where the desk's token proxy is. A vendor's page writes its own (https://ccaas.example.com/tpe-proxy); the
// consumer check serves this app next to a proxy on a port it picked, and names it in the query string.
export const proxyUrl = new URLSearchParams(location.search).get('proxy') ?? 'http://127.0.0.1:4020';
