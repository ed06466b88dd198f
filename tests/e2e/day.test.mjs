// The day in motion: a planner plans the Lyon sample, opens "Day in motion", breaks down a van
// at 11:00, runs the day and plays it to the end: the feed says the breakdown at 11:00 for that
// van, every routed order is delivered or failed (the Planner's own count), the timeline and the
// map are drawn, and the vehicles move with the clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, appIdle, setTimeLimit } from './flows.mjs';

/** Pixels of a canvas that are not transparent. */
async function inkedPixels(page, testid) {
  return page.getByTestId(testid).evaluate((canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) inked += data[i] > 0 ? 1 : 0;
    return inked;
  });
}

/** The clock's time in seconds. */
async function clockSeconds(page) {
  return Number(await page.getByTestId('day-time').getAttribute('data-seconds'));
}

test('a breakdown at 11:00, watched to the end of the day', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    // Before any plan: the page says so and leads to the Planner.
    await appIdle(page);
    const orders = Number((await page.getByTestId('status').textContent()).match(/(\d+) orders/)[1]);
    await page.getByTestId('page-day').click();
    await page.getByTestId('day-no-plan').waitFor();
    await page.getByTestId('day-to-planner').click();

    await setTimeLimit(page, 1);
    await page.getByTestId('plan-routes').click();
    await page.getByText(/Planned in/).waitFor({ timeout: 60_000 });
    const unassigned = Number((await page.getByTestId('tab-unassigned').textContent()).match(/\((\d+)\)/)[1]);
    const routed = orders - unassigned;

    await page.getByTestId('page-day').click();
    // The longest route at 11:00 is the default breakdown; pick the vehicle explicitly.
    await page.getByTestId('day-breakdown').check();
    const vehicle = await page.getByTestId('day-breakdown-vehicle').inputValue();
    assert.ok(vehicle, 'a vehicle of the plan is offered');
    await page.getByTestId('day-breakdown-vehicle').selectOption(vehicle);
    await page.getByTestId('day-breakdown-at').fill('11:00');
    await page.getByTestId('day-breakdown-at').dispatchEvent('change');
    await page.getByTestId('day-run').click();
    await page.getByText(/Simulated: \d+ routes/).waitFor({ timeout: 60_000 });

    // Vehicles move with the clock: step on and compare where they were drawn.
    const map = page.getByTestId('map');
    await page.waitForFunction(() => document.querySelector('[data-testid=map]')?.dataset.vehicles, null, { timeout: 10_000 });
    const before = await map.getAttribute('data-vehicles');
    const t0 = await clockSeconds(page);
    for (let k = 0; k < 12; k++) await page.getByTestId('day-step').click();
    assert.equal(await clockSeconds(page), t0 + 12 * 300);
    await page.waitForFunction((old) => document.querySelector('[data-testid=map]')?.dataset.vehicles !== old, before, { timeout: 10_000 });
    assert.notEqual(await map.getAttribute('data-vehicles'), before, 'a vehicle moved in an hour');
    // The selected vehicle's stops to come, forecast by the engine at the clock.
    await page.getByTestId('day-eta').first().waitFor({ timeout: 20_000 });

    // Play at the top speed to the end of the day.
    await page.getByTestId('day-speed').selectOption({ label: '1 day/min' });
    await page.getByTestId('day-play').click();
    await page.getByTestId('day-table').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('day-play').textContent(), 'Play', 'the clock stops at the day\'s end');

    // The feed says the breakdown at 11:00, for that vehicle.
    const lines = await page.getByTestId('day-feed-line').evaluateAll((els) => els.map((e) => ({ at: Number(e.dataset.at), text: e.textContent })));
    const breakdown = lines.find((l) => l.text.includes(`${vehicle} broke down`));
    assert.ok(breakdown, JSON.stringify(lines.slice(0, 10)));
    assert.equal(breakdown.at, 11 * 3600);
    assert.match(breakdown.text, /^11:00 /);

    // One truth: every order the Planner routed is delivered or failed by the day's end.
    const figure = async (name) => Number(await page.locator(`[data-testid=day-figure][data-figure="${name}"] td`).first().textContent());
    const delivered = await figure('deliveries');
    const failed = await figure('failed: nobody in') + await figure('failed: vehicle broke down')
      + await figure('cancelled before the vehicle left for them');
    assert.equal(delivered + failed, routed, `${delivered} + ${failed} vs ${routed} routed`);
    assert.equal(Number(await page.getByTestId('day-routed').getAttribute('data-routed')), routed);
    assert.ok(await figure('failed: vehicle broke down') >= 0);

    // Plan against actual and the map are drawn.
    assert.ok(await inkedPixels(page, 'day-timeline') > 1000, 'the timeline is drawn');
    assert.ok(Number(await page.getByTestId('day-timeline').getAttribute('data-rows-drawn')) > 0);
    assert.ok(await inkedPixels(page, 'map') > 1000, 'the map is drawn');

    // The settings survive a reload.
    await page.reload();
    await appIdle(page);
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('lastmile-day-settings')));
    assert.deepEqual(kept.breakdown, { vehicle, at: '11:00' });
  });
});
