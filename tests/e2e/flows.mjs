// The user's common steps, shared by the end-to-end tests.
import assert from 'node:assert/strict';
import { serve } from './server.mjs';
import { openBrowser, DIST } from './browser.mjs';

/** Serves dist/ as `serving` says, opens a fresh browser on it, runs `body`, cleans up. */
export async function withApp(serving, browsing, body) {
  const server = await serve({ root: DIST, ...serving });
  const { context, page, errors } = await openBrowser(browsing);
  try {
    await page.goto(server.url);
    await body(page, server);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
}

export async function planButtonEnabled(page) {
  await page.waitForFunction(() => {
    const button = document.querySelector('[data-testid=plan-routes]');
    return button !== null && !button.disabled;
  }, null, { timeout: 60_000 });
}

/** Waits for the engine, presses "Plan routes" and checks that the plan is drawn. */
export async function planAndCheck(page) {
  await planButtonEnabled(page);
  await page.getByTestId('plan-routes').click();
  await page.getByText(/Planned in/).waitFor({ timeout: 60_000 });
  const routes = Number(await page.getByTestId('route-count').textContent());
  const drawn = Number(await page.getByTestId('map').getAttribute('data-routes-drawn'));
  assert.ok(routes > 0, 'the plan has routes');
  assert.equal(drawn, routes, 'one line drawn per route');
  return routes;
}

export async function threads(page) {
  const badge = page.getByTestId('threads');
  await page.waitForFunction(() => document.querySelector('[data-testid=threads]')?.dataset.threads, null, { timeout: 60_000 });
  return { count: Number(await badge.getAttribute('data-threads')), text: await badge.textContent() };
}

export async function setTimeLimit(page, seconds) {
  await page.getByTestId('time-limit').fill(String(seconds));
  await page.getByTestId('time-limit').dispatchEvent('change');
}


/**
 * Waits until start-up is over: the engine is ready, the first scenario is loaded, and autosave
 * has written it (or said it cannot), so the next action is the only thing the app is doing.
 */
export async function appIdle(page) {
  await planButtonEnabled(page);
  await page.waitForFunction(
    () => /Saved in this browser|Not saved|Autosave is off/.test(document.querySelector('[data-testid=save-note]')?.textContent || ''),
    null,
    { timeout: 60_000 },
  );
}

/**
 * Opens a bundled sample from the samples list and waits until it is the scenario: the status
 * line must change after the choice (a first visit already shows the Lyon sample) and then match.
 */
export async function openSample(page, file, pattern) {
  await watchStatus(page);
  await page.getByTestId('sample-select').selectOption(file);
  await statusChangedTo(page, pattern);
}

/** Starts counting changes of the status line (see `statusChangedTo`). */
export async function watchStatus(page) {
  await page.getByTestId('status').waitFor();
  await page.evaluate(() => {
    window.lastmileStatusChanges = 0;
    const status = document.querySelector('[data-testid=status]');
    new MutationObserver(() => { window.lastmileStatusChanges += 1; })
      .observe(status, { childList: true, characterData: true, subtree: true });
  });
}

/**
 * Waits until the status line has changed since `watchStatus` and matches `pattern`, so a
 * line already showing (the first visit's sample) does not count as the new answer.
 */
export async function statusChangedTo(page, pattern) {
  await page.waitForFunction(
    (source) => window.lastmileStatusChanges > 0
      && new RegExp(source).test(document.querySelector('[data-testid=status]')?.textContent || ''),
    pattern.source,
    { timeout: 60_000 },
  );
}

/** True once the Day page's saved setup has `value` for `key` (its name in the saved setup). */
export async function daySetupHas(page, key, value) {
  return page.waitForFunction(
    ([setting, wanted]) => JSON.parse(localStorage.getItem('lastmile-day-settings') ?? '{}')[setting] === wanted,
    [key, value],
    { timeout: 2_000 },
  ).then(() => true, () => false);
}

/** Sets a number field of the Day page's setup (`key`: its name in the saved setup) and waits
 * until the setup has it. Every field is drawn from the setup, so a redraw still pending from the
 * previous change can overwrite what was just typed before the change is read: then it types
 * again. */
export async function setDayCount(page, testid, key, n) {
  const field = page.getByTestId(testid);
  for (let tries = 0; tries < 5; tries++) {
    await field.fill(String(n));
    await field.dispatchEvent('change');
    if (await daySetupHas(page, key, n)) return;
  }
  throw new Error(`${testid}: the day's setup never took ${n}`);
}
