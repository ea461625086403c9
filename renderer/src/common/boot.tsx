import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
// BIZ UDPGothic, the universal-design typeface public bodies use, bundled (the counter network has no
// internet). Fontsource splits it by Unicode range, so a page loads only the glyph sets it shows.
import '@fontsource/biz-udpgothic/400.css';
import '@fontsource/biz-udpgothic/700.css';
import './base.css';

/** Mounts a window's React tree with its own query client. */
export function boot(app: ReactNode): void {
  const client = new QueryClient({ defaultOptions: { mutations: { retry: false } } });
  const root = document.getElementById('root');
  if (!root) throw new Error('missing #root');
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={client}>{app}</QueryClientProvider>
    </StrictMode>,
  );
}
