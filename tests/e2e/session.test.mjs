// The engine's session: Stop replaces the compute worker with a fresh one that holds no scenario,
// and the app opens its copy again before the next request, without the user doing anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withApp, appIdle, setTimeLimit } from './flows.mjs';

test('after Stop during a search, an edit and an export still work on the same scenario', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await setTimeLimit(page, 120);
    await page.getByTestId('plan-routes').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=map]').dataset.routesDrawn) > 1, null, { timeout: 30_000 });
    await page.getByTestId('stop').click();
    await page.getByText(/Stopped\. Kept the best plan found so far/).waitFor({ timeout: 10_000 });
    // The kept plan's report comes from the fresh engine, which had to read the scenario again.
    const rows = page.getByTestId('route-row');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=route-row]').length > 1, null, { timeout: 30_000 });
    const stopsOf = async (k) => Number(await rows.nth(k).locator('td').nth(2).textContent());
    const second = await stopsOf(1);
    const target = (await rows.nth(1).locator('td').first().textContent()).trim();

    // Move the first stop of route 1 onto route 2.
    await rows.nth(0).click();
    await page.getByTestId('stop-table').waitFor();
    // The list of vehicles is filled when the select is opened or focused.
    await page.getByTestId('stop-move').first().focus();
    await page.getByTestId('stop-move').first().selectOption(target);
    await page.getByText(/Plan updated/).waitFor({ timeout: 30_000 });
    const moved = page.getByTestId('route-row').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^\\s*${target}\\s*$`) }) });
    assert.equal(Number(await moved.locator('td').nth(2).textContent()), second + 1, 'the target route gained the stop');

    // The export writes the edited plan: a row per stop and per unassigned order.
    const routes = await page.getByTestId('route-row').count();
    let stops = 0;
    for (let k = 0; k < routes; k++) stops += await stopsOf(k);
    const unassigned = Number((await page.getByTestId('tab-unassigned').textContent()).match(/\((\d+)\)/)[1]);
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-csv').click()]);
    const lines = (await readFile(await file.path(), 'utf8')).trim().split(/\r?\n/);
    assert.equal(lines.length - 1, stops + unassigned);
    assert.equal(stops + unassigned, 300, 'every order of the Lyon day, once');

    // The badge is back to the pool, not stuck on restarting.
    assert.match(await page.getByTestId('threads').textContent(), /threads?$/);
  });
});
