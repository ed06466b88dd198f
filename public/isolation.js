// Shared memory (and so the engine's threads) needs a cross-origin isolated page. Hosts that
// cannot send COOP/COEP headers get them from sw.js; one guarded reload puts it in charge.
// A file rather than an inline script, so the Content-Security-Policy can forbid inline scripts.
(function () {
  var key = 'lastmile-isolation-reload';
  if (window.crossOriginIsolated) { sessionStorage.removeItem(key); return; }
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker.register('./sw.js')
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function () {
      if (sessionStorage.getItem(key)) return; // tried once this session: stay single-threaded
      sessionStorage.setItem(key, '1');
      location.reload();
    })
    .catch(function (error) {
      console.warn('Lastmile: no service worker, running single-threaded:', error);
    });
})();
