import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AgentDesk } from './AgentDesk.js';
import { proxyUrl } from './proxy-url.js';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <h1>Agent desk, React</h1>
    <AgentDesk proxyUrl={proxyUrl} />
  </StrictMode>,
);
