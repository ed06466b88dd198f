// The compute worker's plumbing, both sides in one file.
//
// UI side: `ComputeClient` starts a dedicated module worker from this very file, hands it the
// app's WebAssembly module and the URL of the wasm-bindgen glue, and turns requests into promises.
// Worker side (bottom of the file): instantiates the module with its own memory, starts the rayon
// pool when the page is cross-origin isolated, and answers requests by calling the engine, which
// keeps its session (the open scenario) between requests. A worker that is replaced (Stop, a
// crash) takes its session with it: `generation()` tells the client a fresh one holds nothing.
//
// The glue imports this file everywhere the module is instantiated (UI thread, compute worker,
// rayon workers), so the worker side only wakes up in a worker named `lastmile-compute`.

const WORKER_NAME = 'lastmile-compute';

export class ComputeClient {
  constructor(mainJS, module, threads) {
    this.init = { type: 'lastmile_compute_init', mainJS, module, threads };
    this.pending = new Map();
    this.nextId = 1;
    this.generations = 0;
    this.spawn();
  }

  /** Starts a worker and loads the engine in it; `this.ready` settles when it is loaded. */
  spawn() {
    const worker = new Worker(new URL(import.meta.url), { type: 'module', name: WORKER_NAME });
    this.worker = worker;
    this.generations += 1;
    let loaded = false;
    this.ready = new Promise((resolve, reject) => {
      worker.addEventListener('message', ({ data }) => {
        if (worker !== this.worker) return;
        if (data.type === 'ready') {
          loaded = true;
          resolve(data);
        } else if (data.type === 'fatal') {
          // A crash after loading gets a fresh worker; failing to load at all does not loop.
          reject(new Error(data.payload));
          if (loaded) this.restart(data.payload);
          else this.failAll(data.payload);
        } else {
          this.settle(data);
        }
      });
      worker.addEventListener('error', (event) => {
        if (worker !== this.worker) return;
        const message = `the compute worker failed: ${event.message || 'could not start'}`;
        reject(new Error(message));
        this.failAll(message);
      });
    });
    this.ready.catch(() => {});
    worker.postMessage(this.init);
  }

  /** Resolves with `{threads, isolated, note}` once the engine is loaded in the worker. */
  readyInfo() {
    return this.ready;
  }

  /** How many workers were started so far: a new one (after Stop or a crash) holds no session. */
  generation() {
    return this.generations;
  }

  /**
   * Sends `payload` (a request envelope as JSON) to the current worker; resolves with its reply
   * (JSON), and `onProgress` gets the progress reports (JSON).
   */
  async request(payload, onProgress) {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ type: 'request', id, payload });
    });
  }

  /**
   * Stops whatever the engine is doing (a running search cannot be interrupted otherwise: the
   * worker is busy) and starts a fresh worker. Pending requests fail with `reason`.
   */
  restart(reason) {
    this.worker.terminate();
    this.failAll(reason);
    this.spawn();
  }

  settle(data) {
    const entry = this.pending.get(data.id);
    if (!entry) return;
    if (data.type === 'progress') {
      entry.onProgress(data.payload);
      return;
    }
    this.pending.delete(data.id);
    if (data.type === 'result') entry.resolve(data.payload);
    else entry.reject(new Error(data.payload));
  }

  failAll(message) {
    for (const entry of this.pending.values()) entry.reject(new Error(message));
    this.pending.clear();
  }
}

function runWorker() {
  let engine = null;
  let threads = 1;
  self.addEventListener('message', async ({ data }) => {
    if (data == null) return;
    if (data.type === 'lastmile_compute_init') {
      try {
        engine = await import(data.mainJS);
        await engine.default({ module_or_path: data.module });
        const isolated = self.crossOriginIsolated === true;
        let note = null;
        if (isolated && data.threads > 1) {
          try {
            await engine.initThreadPool(data.threads);
            threads = data.threads;
          } catch (error) {
            note = `thread pool unavailable: ${error}`;
          }
        }
        postMessage({ type: 'ready', threads, isolated, note });
      } catch (error) {
        postMessage({ type: 'fatal', payload: `the engine could not start: ${error}` });
      }
    } else if (data.type === 'request') {
      if (engine === null) {
        postMessage({ type: 'error', id: data.id, payload: 'the engine is not loaded' });
        return;
      }
      try {
        const progress = (payload) => postMessage({ type: 'progress', id: data.id, payload });
        const result = engine.compute(data.payload, threads, progress);
        postMessage({ type: 'result', id: data.id, payload: result });
      } catch (error) {
        const message = error && error.message ? error.message : String(error);
        postMessage({ type: 'error', id: data.id, payload: message });
        if (error instanceof WebAssembly.RuntimeError) {
          // A trap leaves the instance unusable: the client replaces this worker.
          postMessage({ type: 'fatal', payload: `the engine crashed: ${message}` });
          engine = null;
        }
      }
    }
  });
}

if (typeof WorkerGlobalScope !== 'undefined' && self instanceof WorkerGlobalScope && self.name === WORKER_NAME) {
  runWorker();
}
