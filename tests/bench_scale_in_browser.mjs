// The scale benchmark in headless Chromium: generated city days (two depots, vans, EV vans and
// cargo bikes with shifts, breaks, skills and windows) of 1,000 / 5,000 / 10,000 orders imported
// as CSV through the real UI and planned with the app's time limit. Prints, per size: import
// time, time to the first plan on screen, cost and vehicles after 10 s and at the limit, the
// tab's peak memory (private resident memory of its renderer processes: page, compute worker and
// rayon workers), the longest main-thread task while solving, and the map's frame time while panning.
// Then the same days solved natively by the CLI (`lastmile bench --anytime`), and one table per
// day with Lastmile in the browser, Lastmile natively on 2 threads and on 1, PyVRP (one core) and
// VROOM (one thread) under the same budget, every plan priced and checked by `lastmile evaluate`
// (tests/bench_peers.py runs the peers on the same day, written by `lastmile generate --vroom`).
//
// Run `cargo xtask dist` first, then:
//   node tests/bench_scale_in_browser.mjs [--sizes 1000,5000,10000] [--limit 60] [--at 10]
//                                         [--native-only] [--no-peers] [--python PYTHON] [--vroom-exploration 0-5]
// `--native-only` leaves the browser out (no `dist/` needed); `--no-peers` leaves PyVRP and
// VROOM out. The peers run in a venv under the target dir (`peers-venv`, made with
// `python3 -m venv` and pip-installed pyvrp==0.14.1 and pyvroom==1.15.2 on first use), or with
// `--python`. It builds the CLI (release) to generate the days. Not a test: it prints tables for
// solver/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const sizes = flag('sizes', '1000,5000,10000').split(',').map(Number);
const limit = Number(flag('limit', '60'));
const early = Number(flag('at', '10'));
const nativeOnly = args.includes('--native-only');
const peers = !args.includes('--no-peers');
const vroomExploration = flag('vroom-exploration', null);
const ROOT = new URL('..', import.meta.url).pathname;
const TARGET = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
const LASTMILE = join(TARGET, 'release', 'lastmile');
const PEERS = { pyvrp: '0.14.1', pyvroom: '1.15.2' };

let built = false;
function cli(...argv) {
  if (!built) {
    execFileSync('cargo', ['build', '--release', '-q', '-p', 'lastmile-solver', '--bin', 'lastmile'], { cwd: ROOT, stdio: 'inherit' });
    built = true;
  }
  return execFileSync(LASTMILE, argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
}

/** A Python with the peers' pinned versions: `--python`, else a venv under the target dir, made on first use. */
function peersPython() {
  const given = flag('python', null);
  if (given) return given;
  const venv = join(TARGET, 'peers-venv');
  const python = join(venv, 'bin', 'python');
  const check = `import importlib.metadata as m, sys; sys.exit(0 if ${JSON.stringify(PEERS)} == {p: m.version(p) for p in ${JSON.stringify(Object.keys(PEERS))}} else 1)`;
  const ready = () => { try { execFileSync(python, ['-c', check], { stdio: 'ignore' }); return true; } catch { return false; } };
  if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  if (!ready()) {
    execFileSync(python, ['-m', 'pip', 'install', '-q', ...Object.entries(PEERS).map(([p, v]) => `${p}==${v}`)], { stdio: 'inherit' });
  }
  return python;
}

/** Fails unless the scenario and the VROOM problem list the same orders, in order, at the same places. */
function checkSameDay(scenarioFile, vroomFile) {
  const orders = JSON.parse(readFileSync(scenarioFile, 'utf8')).orders;
  const jobs = JSON.parse(readFileSync(vroomFile, 'utf8')).jobs;
  const same = orders.length === jobs.length && orders.every((o, k) => o.id === jobs[k].description
    && o.lon === jobs[k].location[0] && o.lat === jobs[k].location[1]);
  if (!same) throw new Error(`${scenarioFile} and ${vroomFile} do not describe the same orders`);
}

/** Lastmile's verdict (`lastmile evaluate`) on a routes file: vehicles, unassigned, cost, km, feasible. */
function evaluate(day, routes) {
  return JSON.parse(cli('evaluate', day, routes));
}

/** A native run: `lastmile solve` with the limit, then evaluated like the peers' plans. */
function nativeRun(day, threads) {
  const out = day.replace(/day\.json$/, `native-${threads}.json`);
  const started = Date.now();
  cli('solve', day, '--time-limit', String(limit), '--threads', String(threads), '--output', out);
  return { wallS: (Date.now() - started) / 1000, evaluation: evaluate(day, out) };
}

const verdict = (e) => (e.feasible ? 'yes' : `NO: ${Object.entries(e.violation_kinds).map(([k, n]) => `${k} ${n}`).join(', ') || e.violations[0]}`);
const evaluatedRow = (name, e, wallS, note = '') =>
  `| ${name} | ${e.vehicles} | ${e.unassigned} (${e.unassigned_mandatory} mandatory) | ${e.cost.toFixed(2)} | ${e.km.toFixed(1)} | ${verdict(e)} | ${wallS.toFixed(1)}${note} |`;

/**
 * Private resident memory (bytes: anonymous and shared-memory pages, not the mapped Chromium
 * binary every process counts) of Chromium's renderer processes: the tab with its workers.
 */
function rendererMemory() {
  let total = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('--type=renderer') || !cmdline.includes('lastmile-e2e-')) continue;
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      for (const field of ['RssAnon', 'RssShmem']) {
        const kb = new RegExp(`${field}:\\s+(\\d+) kB`).exec(status);
        if (kb) total += Number(kb[1]) * 1024;
      }
    } catch { /* the process ended */ }
  }
  return total;
}

/** What the progress panel shows now. */
async function best(page) {
  return page.evaluate(() => {
    const text = (id) => document.querySelector(`[data-testid=${id}]`)?.textContent ?? null;
    return { cost: text('best-cost'), vehicles: text('best-vehicles'), unassigned: text('best-unassigned') };
  });
}

/** Drags the map across in small steps and returns the frame intervals (ms) seen meanwhile. */
async function panFrames(page) {
  const box = await page.getByTestId('map').boundingBox();
  await page.evaluate(() => {
    window.lastmileFrames = [];
    const tick = (t) => {
      window.lastmileFrames.push(t);
      if (window.lastmileFrames.length < 10_000 && !window.lastmileStopFrames) requestAnimationFrame(tick);
    };
    window.lastmileStopFrames = false;
    requestAnimationFrame(tick);
  });
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let k = 0; k < 120; k++) {
    const a = (k / 120) * 2 * Math.PI;
    await page.mouse.move(x + 150 * Math.sin(a), y + 100 * Math.sin(2 * a));
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    window.lastmileStopFrames = true;
    return window.lastmileFrames;
  });
  return frames.slice(1).map((t, k) => t - frames[k]);
}

const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN;
};

// One generated day per size, as CSV tables for the browser, a scenario for the CLI and a VROOM
// problem for the peers, all from one call.
const days = sizes.map((size) => {
  const dir = mkdtempSync(join(tmpdir(), `lastmile-scale-${size}-`));
  const day = join(dir, 'day.json');
  const vroom = join(dir, 'day.vroom.json');
  cli('generate', '--kind', 'city', '--orders', String(size), '--csv', dir, '--output', day, '--vroom', vroom);
  checkSameDay(day, vroom);
  return { size, dir, day, vroom };
});

// The browser's tools (playwright-core, from tests/node_modules) only when the browser runs.
const { serve } = nativeOnly ? {} : await import('./e2e/server.mjs');
const { openBrowser, DIST } = nativeOnly ? {} : await import('./e2e/browser.mjs');
const { appIdle, planButtonEnabled, setTimeLimit } = nativeOnly ? {} : await import('./e2e/flows.mjs');

const rows = [];
const server = nativeOnly ? null : await serve({ root: DIST, isolation: true });
try {
  for (const { size, dir, day } of nativeOnly ? [] : days) {
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => join(dir, f));

    const { context, page } = await openBrowser();
    await page.addInitScript(() => {
      window.lastmileLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.lastmileLongTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    let peak = 0;
    const sampler = setInterval(() => { peak = Math.max(peak, rendererMemory()); }, 250);
    try {
      await page.goto(server.url);
      await appIdle(page);
      const threads = await page.getByTestId('threads').getAttribute('data-threads');
      await setTimeLimit(page, limit);

      const importStart = Date.now();
      await page.getByTestId('import-files').setInputFiles(files);
      await page.waitForFunction((n) => new RegExp(`${n} orders`).test(document.querySelector('[data-testid=status]')?.textContent || ''),
        size, { timeout: 300_000, polling: 50 });
      const importS = (Date.now() - importStart) / 1000;

      await planButtonEnabled(page);
      const solveStartPage = await page.evaluate(() => performance.now());
      const solveStart = Date.now();
      await page.getByTestId('plan-routes').click();
      await page.getByTestId('best-so-far').waitFor({ timeout: 300_000 });
      const firstS = (Date.now() - solveStart) / 1000;
      let atEarly = await best(page);
      while ((Date.now() - solveStart) / 1000 < early) {
        atEarly = await best(page);
        await page.waitForTimeout(200);
      }
      await page.getByText(/Planned in/).waitFor({ timeout: (limit + 300) * 1000 });
      const solveS = (Date.now() - solveStart) / 1000;
      const solveEndPage = await page.evaluate(() => performance.now());
      const atEnd = await best(page);
      const longest = await page.evaluate(([from, to]) => Math.max(0, ...window.lastmileLongTasks
        .filter((t) => t.start >= from && t.start <= to).map((t) => t.duration)), [solveStartPage, solveEndPage]);

      const frames = await panFrames(page);
      rows.push({
        size, threads, importS, firstS, solveS, atEarly, atEnd, peak, longest,
        frameMean: frames.reduce((a, b) => a + b, 0) / Math.max(1, frames.length),
        frameP95: percentile(frames, 0.95),
        day,
      });
    } finally {
      clearInterval(sampler);
      await context.close();
    }
  }
} finally {
  await server?.close();
}

const mb = (bytes) => `${Math.round(bytes / (1 << 20))} MB`;
const cell = (b) => `${b.vehicles} veh / ${b.cost}${b.unassigned && b.unassigned !== '0' ? ` (${b.unassigned} out)` : ''}`;
if (!nativeOnly) {
  console.log(`\n# Lastmile in headless Chromium (${process.env.CHROMIUM || '/usr/bin/chromium'}), time limit ${limit} s`);
  console.log(`| orders | threads | import s | first plan s | at ${early} s | at the limit | solve s | peak tab memory | longest main-thread task while solving | map frame ms while panning (mean / p95) |`);
  console.log('|---:|---:|---:|---:|---|---|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.size} | ${r.threads} | ${r.importS.toFixed(2)} | ${r.firstS.toFixed(2)} | ${cell(r.atEarly)} | ${cell(r.atEnd)} | ${r.solveS.toFixed(1)} | ${mb(r.peak)} | ${r.longest.toFixed(0)} ms | ${r.frameMean.toFixed(1)} / ${r.frameP95.toFixed(1)} |`);
  }

  console.log(`\n# The same days natively (lastmile bench --anytime, 2 threads): best plan at ${early} s and ${limit} s`);
  for (const r of rows) {
    const out = cli('bench', '--anytime', r.day, '--limits', String(limit), '--at', `${early},${limit}`, '--threads', '2');
    console.log(out.split('\n').filter((l) => l.startsWith('|') || l.startsWith('#')).join('\n'));
  }
}

// Per day: every solver under the same budget, each plan priced and checked by Lastmile.
const python = peers ? peersPython() : null;
for (const { size, dir, day, vroom } of days) {
  const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  const lines = [];
  const browser = rows.find((r) => r.size === size);
  if (browser) {
    const b = browser.atEnd;
    lines.push(`| Lastmile, browser (${browser.threads} threads) | ${b.vehicles} | ${b.unassigned ?? 0} | ${b.cost} | — | — | ${browser.solveS.toFixed(1)} |`);
  }
  const loads = [load()];
  for (const threads of [2, 1]) {
    const run = nativeRun(day, threads);
    lines.push(evaluatedRow(`Lastmile, native (${threads} thread${threads > 1 ? 's' : ''})`, run.evaluation, run.wallS));
    loads.push(load());
  }
  const notes = [];
  if (python) {
    const out = join(dir, 'peers');
    mkdirSync(out, { recursive: true });
    execFileSync(python, [join(ROOT, 'tests', 'bench_peers.py'), vroom, '--budget', String(limit), '--out', out,
      '--scenario', day, '--lastmile', LASTMILE, ...(vroomExploration ? ['--vroom-exploration', vroomExploration] : [])],
    { stdio: ['ignore', 'ignore', 'inherit'] });
    loads.push(load());
    for (const solver of ['pyvrp', 'vroom']) {
      const file = join(out, `${solver}.json`);
      if (!existsSync(file)) {
        lines.push(`| ${solver} | — | — | — | — | no result | — |`);
        continue;
      }
      const answer = JSON.parse(readFileSync(file, 'utf8'));
      const name = `${answer.solver} ${answer.version} (1 core)`;
      if (answer.failure) {
        lines.push(`| ${name} | — | — | — | — | ${answer.failure} | ${answer.wall_s.toFixed(1)} |`);
        continue;
      }
      const e = answer.evaluation;
      lines.push(e && !e.error ? evaluatedRow(name, e, answer.wall_s) : `| ${name} | — | — | — | — | ${e?.error ?? 'not evaluated'} | ${answer.wall_s.toFixed(1)} |`);
      const first = answer.first_solution_s;
      notes.push(`${answer.solver}: ${answer.settings}; model built in ${answer.build_s.toFixed(1)} s, first solution at ${first == null ? 'none' : `${first.toFixed(1)} s`}${answer.first_feasible_s != null ? ` (feasible in its own model from ${answer.first_feasible_s.toFixed(1)} s)` : ''}, peak ${Math.round(answer.peak_rss_mb)} MB; relaxed: ${answer.relaxations.join('; ') || 'nothing'}`);
    }
  }
  console.log(`\n# ${size} orders, ${limit} s each (load average ${loads.join(' → ')})`);
  console.log('| solver | vehicles | unassigned | cost | km | feasible (Lastmile\'s checker) | wall s |');
  console.log('|---|---:|---:|---:|---:|---|---:|');
  console.log(lines.join('\n'));
  for (const note of notes) console.log(`- ${note}`);
  writeFileSync(join(dir, 'table.md'), lines.join('\n'));
}
