// The scale benchmark in headless Chromium: generated city days (two depots, vans, EV vans and
// cargo bikes with shifts, breaks, skills and windows) of 1,000 / 5,000 / 10,000 orders imported
// as CSV through the real UI and planned with the app's time limit. Prints, per size: import
// time, time to the first plan on screen, cost and vehicles after 10 s and at the limit, the
// tab's peak memory (private resident memory of its renderer processes: page, compute worker and
// rayon workers), the longest main-thread task while solving, and the map's frame time while panning.
// Then the same days solved natively by the CLI (`lastmile bench --anytime`).
//
// Run `cargo xtask dist` first, then:
//   node tests/bench_scale_in_browser.mjs [--sizes 1000,5000,10000] [--limit 60] [--at 10]
// It builds the CLI (release) to generate the days. Not a test: it prints a table for
// solver/BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from './e2e/server.mjs';
import { openBrowser, DIST } from './e2e/browser.mjs';
import { appIdle, planButtonEnabled, setTimeLimit } from './e2e/flows.mjs';

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const sizes = flag('sizes', '1000,5000,10000').split(',').map(Number);
const limit = Number(flag('limit', '60'));
const early = Number(flag('at', '10'));
const ROOT = new URL('..', import.meta.url).pathname;

function cli(...argv) {
  const target = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
  execFileSync('cargo', ['build', '--release', '-q', '-p', 'lastmile-solver', '--bin', 'lastmile'], { cwd: ROOT, stdio: 'inherit' });
  return execFileSync(join(target, 'release', 'lastmile'), argv, { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
}

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

const rows = [];
const server = await serve({ root: DIST, isolation: true });
try {
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `lastmile-scale-${size}-`));
    cli('generate', '--kind', 'city', '--orders', String(size), '--csv', dir, '--output', join(dir, 'day.json'));
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
        day: join(dir, 'day.json'),
      });
    } finally {
      clearInterval(sampler);
      await context.close();
    }
  }
} finally {
  await server.close();
}

const mb = (bytes) => `${Math.round(bytes / (1 << 20))} MB`;
const cell = (b) => `${b.vehicles} veh / ${b.cost}${b.unassigned && b.unassigned !== '0' ? ` (${b.unassigned} out)` : ''}`;
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
