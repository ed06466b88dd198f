// Starts the app: imports the wasm-bindgen glue and instantiates the WebAssembly module whose
// file names trunk writes into this script's tag (Trunk.toml's `pattern_script`). A file rather
// than trunk's inline loader, so the Content-Security-Policy can forbid inline scripts.
const tag = document.querySelector('script[data-glue][data-wasm]');
const glue = await import(new URL(tag.dataset.glue, document.baseURI).href);
await glue.default({ module_or_path: new URL(tag.dataset.wasm, document.baseURI) });
