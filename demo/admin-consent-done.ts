// The admin-consent endpoint returns here with `admin_consent=True` or an `error`; tell the demo and close.
const result = Object.fromEntries(new URLSearchParams(location.search));
const channel = new BroadcastChannel('tpe-demo-admin-consent');
channel.postMessage({ granted: result.admin_consent === 'True', error: result.error_description ?? result.error, state: result.state });
channel.close();
window.close();
