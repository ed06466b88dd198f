// The "Day in motion" benchmark in headless Chromium: generated city days of N orders imported
// as CSV through the real UI, planned with the app's time limit, then driven on the Day in motion
// page (day seed 3, the longest route breaking down at 11:00, one traffic incident, no
// cancellations, 60 same-day orders, the four ways of reacting). Prints, per size: the planned orders, the time from "Run the day" to the page
// showing the simulated day and to the scorecard table (the clock sent to the day's end), the
// progress reports seen meanwhile, the longest main-thread task while the day ran and was shown,
// and the time for a live-ETA (moment) request answered from the day the worker kept (median
// and slowest of several clock steps).
//
// Run `cargo xtask dist` first, then:
//   node tests/bench_day_in_browser.mjs [--sizes 1000,5000,10000] [--limit 20] [--same-day 60] [--moments 8]
// It builds the CLI (release) to generate the days. Not a test: it prints a table.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
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
const limit = Number(flag('limit', '20'));
const sameDay = Number(flag('same-day', '60'));
const moments = Number(flag('moments', '8'));
const ROOT = new URL('..', import.meta.url).pathname;
const TARGET = process.env.CARGO_TARGET_DIR || join(ROOT, 'target');
const LASTMILE = join(TARGET, 'release', 'lastmile');

execFileSync('cargo', ['build', '--release', '-q', '-p', 'lastmile-solver', '--bin', 'lastmile'], { cwd: ROOT, stdio: 'inherit' });

/** Sets a field of the day's setup as the user types it. */
async function setField(page, testid, value) {
  await page.getByTestId(testid).fill(String(value));
  await page.getByTestId(testid).dispatchEvent('change');
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const rows = [];
const server = await serve({ root: DIST, isolation: true });
try {
  for (const size of sizes) {
    const dir = mkdtempSync(join(tmpdir(), `lastmile-day-${size}-`));
    execFileSync(LASTMILE, ['generate', '--kind', 'city', '--orders', String(size), '--csv', dir, '--output', join(dir, 'day.json')]);
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv')).map((f) => join(dir, f));

    const { context, page } = await openBrowser();
    await page.addInitScript(() => {
      window.lastmileLongTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.lastmileLongTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    try {
      await page.goto(server.url);
      await appIdle(page);
      const threads = await page.getByTestId('threads').getAttribute('data-threads');
      await setTimeLimit(page, limit);
      await page.getByTestId('import-files').setInputFiles(files);
      await page.waitForFunction((n) => new RegExp(`${n} orders`).test(document.querySelector('[data-testid=status]')?.textContent || ''),
        size, { timeout: 300_000, polling: 50 });
      await planButtonEnabled(page);
      await page.getByTestId('plan-routes').click();
      await page.getByText(/Planned in/).waitFor({ timeout: (limit + 300) * 1000 });

      await page.getByTestId('page-day').click();
      await setField(page, 'day-seed', 3);
      await setField(page, 'day-incidents', 1);
      await setField(page, 'day-cancellations', 0);
      await setField(page, 'day-same-day', sameDay);
      await page.getByTestId('day-breakdown').check(); // the longest route, at 11:00
      // Every status line the page shows while the day runs (the progress reports).
      await page.evaluate(() => {
        window.lastmileDayStatus = [];
        const status = document.querySelector('[data-testid=day-status]');
        new MutationObserver(() => window.lastmileDayStatus.push(status.textContent)).observe(status, { childList: true, subtree: true, characterData: true });
      });
      const runStartPage = await page.evaluate(() => performance.now());
      const runStart = Date.now();
      await page.getByTestId('day-run').click();
      await page.getByText(/Simulated: \d+ routes/).waitFor({ timeout: 1_800_000 });
      const simulatedS = (Date.now() - runStart) / 1000;
      await page.getByTestId('day-end').click();
      await page.getByTestId('day-table').waitFor({ timeout: 60_000 });
      const tableS = (Date.now() - runStart) / 1000;
      const runEndPage = await page.evaluate(() => performance.now());
      const longest = await page.evaluate(([from, to]) => Math.max(0, ...window.lastmileLongTasks
        .filter((t) => t.start >= from && t.start <= to).map((t) => t.duration)), [runStartPage, runEndPage]);
      const progress = await page.evaluate(() => window.lastmileDayStatus.filter((t) => / of \d+ ways of reacting simulated/.test(t)));
      const routed = Number(await page.getByTestId('day-routed').getAttribute('data-routed'));

      // Live ETAs from the kept day: from the first departure, five minutes on per request, each
      // timed from the click to the forecast for the new time on screen.
      await page.getByTestId('day-scrub').evaluate((el) => {
        el.value = el.min;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      });
      const etaMs = [];
      for (let k = 0; k < moments; k++) {
        const before = await page.getByTestId('day-eta-at').textContent();
        const started = Date.now();
        await page.getByTestId('day-step').click();
        await page.waitForFunction((old) => {
          const now = document.querySelector('[data-testid=day-eta-at]')?.textContent;
          return now && now !== old;
        }, before, { timeout: 600_000, polling: 5 });
        etaMs.push(Date.now() - started);
      }
      rows.push({ size, threads, routed, simulatedS, tableS, progress: progress.length, longest, etaMedian: median(etaMs), etaMax: Math.max(...etaMs) });
    } finally {
      await context.close();
    }
  }
} finally {
  await server.close();
}

console.log(`\n# Day in motion in headless Chromium (${process.env.CHROMIUM || '/usr/bin/chromium'}): plan ${limit} s, day seed 3, a breakdown at 11:00, 1 incident, ${sameDay} same-day orders, 4 ways of reacting`);
console.log('| orders | threads | orders planned | run → day shown s | run → table s | progress lines seen | longest main-thread task | ETA request from the kept day ms (median / max) |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.size} | ${r.threads} | ${r.routed} | ${r.simulatedS.toFixed(1)} | ${r.tableS.toFixed(1)} | ${r.progress} | ${r.longest.toFixed(0)} ms | ${r.etaMedian} / ${r.etaMax} |`);
}
