// Adds the cross-origin isolation headers (COOP/COEP) to every response of this app, for static
// hosts that cannot send them. With them the page may use shared memory, so the planning engine
// runs on several threads. It adds the page's Content-Security-Policy too (index.html's meta tag,
// word for word), so that the workers, which a meta tag does not reach, run under it as well.
// Same-origin only: a request for another origin (a street-map tile) is left to the browser.
const POLICY = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self' blob:; connect-src 'self'; img-src 'self' https://tile.openstreetmap.org; style-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (new URL(request.url).origin !== self.location.origin) return;
  if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
  event.respondWith(
    fetch(request).then((response) => {
      if (response.status === 0) return response;
      const headers = new Headers(response.headers);
      headers.set('Cross-Origin-Opener-Policy', 'same-origin');
      headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
      headers.set('Cross-Origin-Resource-Policy', 'same-origin');
      headers.set('Content-Security-Policy', POLICY);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    })
  );
});
