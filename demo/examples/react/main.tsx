// The React 19 example's entry: one root, the resource accounts as a promise the desk reads with use().
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { loadResourceAccounts, proxyUrl, redirectUri } from '../dev-tenant.js';
import { AgentDesk } from './AgentDesk.js';

const resourceAccounts = loadResourceAccounts();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>Agent desk, React 19</h1>
    <Suspense fallback={<p>Loading the lines…</p>}>
      <AgentDesk proxyUrl={proxyUrl} redirectUri={redirectUri} resourceAccounts={resourceAccounts} />
    </Suspense>
  </StrictMode>,
);
