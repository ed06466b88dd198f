// A day in trips, in motion: the micro-hub sample (cargo bikes reloading at the hub) planned,
// then driven on a calm day with nothing happening: the Day in motion timeline draws the reloads
// the engine drove, as many as the Planner's trips say (and the scorecard counts), with the
// Planner's legend entry; the live ETAs follow a bike on the road from the start, and a bike with
// nothing left to come says so, at the clock's time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, planAndCheck, appIdle, setTimeLimit, openSample, setDayCount, daySetupHas } from './flows.mjs';

/** Pixels of the Day timeline painted in the reload colour (#111111), as the canvas holds them. */
async function reloadPixels(page) {
  return page.getByTestId('day-timeline').evaluate((canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] === 17 && data[i + 1] === 17 && data[i + 2] === 17 && data[i + 3] === 255) n += 1;
    }
    return n;
  });
}

test('a micro-hub day in motion: the reloads driven on the timeline, the ETAs never silently empty', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await openSample(page, 'micro-hub.json', /Micro-hub: \d+ orders/);
    await setTimeLimit(page, 2);
    const routes = await planAndCheck(page);
    const rows = page.getByTestId('route-row');
    const trips = [];
    for (let k = 0; k < routes; k++) trips.push(Number(await rows.nth(k).getByTestId('route-trips').textContent()));
    const planned = trips.reduce((sum, t) => sum + t - 1, 0);
    assert.ok(planned >= 2, `bikes reload at the hub: ${trips}`);

    // A calm day with nothing happening: every bike drives its plan's trips.
    await page.getByTestId('page-day').click();
    for (let tries = 0; ; tries++) {
      await page.getByTestId('day-roughness').selectOption('calm');
      if (await daySetupHas(page, 'roughness', 'calm')) break;
      assert.ok(tries < 4, 'the day\'s setup takes a calm day');
    }
    await setDayCount(page, 'day-incidents', 'incidents', 0);
    await setDayCount(page, 'day-cancellations', 'cancellations', 0);
    await page.getByTestId('day-run').click();
    await page.getByText(/Simulated: \d+ routes/).waitFor({ timeout: 60_000 });

    // The timeline: a row per bike, the reloads as driven, the Planner's legend entry.
    const timeline = page.getByTestId('day-timeline');
    assert.equal(Number(await timeline.getAttribute('data-rows')), routes, 'one run per bike: no re-plan');
    assert.equal(Number(await timeline.getAttribute('data-reloads')), planned, 'the Planner\'s trips, less one per route');
    assert.equal(
      (await page.getByTestId('day-legend-reload').textContent()).trim(),
      'reload at a depot, between trips',
    );
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=day-timeline]')?.dataset.rowsDrawn) > 0);
    const drawn = Number(await timeline.getAttribute('data-rows-drawn'));
    if (trips.slice(0, drawn).some((t) => t > 1)) {
      assert.ok(await reloadPixels(page) > 0, 'the reloads of the rows in view are painted');
    }

    // The ETAs follow a bike on the road at the day's start: its stops to come are listed.
    await page.getByTestId('day-eta').first().waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('day-eta-none').count(), 0);

    // At the day's end every bike is back: the table says so, at the clock's time.
    await page.getByTestId('day-end').click();
    const none = page.getByTestId('day-eta-none');
    await none.waitFor({ timeout: 20_000 });
    const time = (await page.getByTestId('day-time').textContent()).trim();
    assert.equal((await none.textContent()).trim(), `No stops to come for this vehicle at ${time}`);
    assert.equal(await page.getByTestId('day-eta').count(), 0);

    // The scorecard counts the same reloads under every way of reacting.
    await page.getByTestId('day-table').waitFor({ timeout: 10_000 });
    const counted = await page.locator('[data-testid=day-figure][data-figure="reloads between trips"] td').allTextContents();
    assert.ok(counted.length > 0);
    assert.deepEqual(counted.map(Number), counted.map(() => planned));
  });
});
