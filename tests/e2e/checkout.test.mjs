// The checkout simulator: a new user loads the city sample, runs a booking day under the three
// slot policies and reads which accepts more orders at what cost per order; the figures
// reproduce with the same seed; an address can be checked; results export; a replayed bookings
// file with a bad row is reported by line; the settings survive a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withApp, appIdle, openSample } from './flows.mjs';

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

async function runDay(page) {
  await page.getByTestId('co-run').click();
  await page.getByText(/Booking day done/).waitFor({ timeout: 120_000 });
}

/** The policy table as the screen shows it: key → figures. */
async function policies(page) {
  const rows = page.getByTestId('policy-row');
  const out = {};
  for (let k = 0; k < (await rows.count()); k++) {
    const row = rows.nth(k);
    out[await row.getAttribute('data-key')] = {
      accepted: Number(await row.getAttribute('data-accepted')),
      costPerOrder: Number(await row.getAttribute('data-cost-per-order')),
      broken: Number(await row.getAttribute('data-broken')),
      text: await row.innerText(),
    };
  }
  return out;
}

async function fill(page, testid, value) {
  await page.getByTestId(testid).fill(String(value));
  await page.getByTestId(testid).dispatchEvent('change');
}

test('three policies on one booking day: read, reproduce, check an address, export', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await openSample(page, 'lyon-300.json', /300 orders/);
    await page.getByTestId('page-checkout').click();
    await runDay(page);
    const first = await policies(page);
    assert.deepEqual(Object.keys(first), ['quota', 'feasibility', 'incentives']);
    for (const p of Object.values(first)) {
      assert.ok(p.accepted > 0 && p.costPerOrder > 0, p.text);
    }
    // Asking the plan never promises what the fleet cannot serve.
    assert.equal(first.feasibility.broken, 0);
    assert.equal(first.incentives.broken, 0);
    // 400 customers for a fleet planned for 300 orders: checking feasibility serves more of them.
    assert.ok(first.feasibility.accepted > first.quota.accepted - first.quota.broken, JSON.stringify(first));

    // The same seed gives the same figures.
    await runDay(page);
    assert.deepEqual(await policies(page), first);

    // The heatmap animates through the horizon: fewer cells open at the end than at the start.
    await page.getByTestId('policy-row').nth(1).click();
    const moment = page.getByTestId('heat-moment');
    const last = Number(await moment.getAttribute('max'));
    assert.ok(last >= 10);
    await moment.fill('0');
    const openAtStart = Number(await page.getByTestId('heatmap').getAttribute('data-open-cells'));
    await moment.fill(String(last));
    const openAtEnd = Number(await page.getByTestId('heatmap').getAttribute('data-open-cells'));
    assert.ok(openAtEnd <= openAtStart, `${openAtEnd} > ${openAtStart}`);
    await page.getByTestId('heat-play').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=heat-play]')?.textContent === 'Play', null, { timeout: 30_000 });
    assert.equal(Number(await moment.inputValue()), last, 'the animation runs to the end');

    // Fill over time ends at what each slot accepted; the offer log has a row per customer.
    const finals = await page.getByTestId('fill-legend').evaluateAll((els) => els.map((e) => Number(e.dataset.final)));
    assert.equal(finals.reduce((a, b) => a + b, 0), first.feasibility.accepted);
    assert.equal(await page.getByTestId('offer-row').count(), 400);

    // Check an address at the end of the day: every slot listed, each closed one with a reason.
    await page.getByTestId('address-x').fill('4.8357');
    await page.getByTestId('address-y').fill('45.7640');
    await page.getByTestId('address-check').click();
    await page.getByTestId('address-summary').waitFor({ timeout: 60_000 });
    const slots = page.getByTestId('address-slot');
    assert.equal(await slots.count(), finals.length);
    for (let k = 0; k < (await slots.count()); k++) {
      const row = slots.nth(k);
      if ((await row.getAttribute('data-open')) === 'false') {
        assert.ok((await row.locator('td').nth(4).innerText()).length > 3, 'a closed slot says why');
      }
    }
    // Clicking the map checks the clicked place.
    await page.getByTestId('area-map').click({ position: { x: 100, y: 100 } });
    await page.waitForFunction(() => document.querySelector('[data-testid=address-x]')?.value !== '4.8357', null, { timeout: 60_000 });

    // Exports parse back.
    const table = await download(page, 'co-export-policies');
    assert.match(table.name, /\.csv$/);
    assert.equal(table.text.trim().split('\n').length, 4);
    const json = JSON.parse((await download(page, 'co-export-json')).text);
    assert.equal(json.outcomes.length, 3);
    assert.equal(json.outcomes[1].accepted, first.feasibility.accepted);
    const log = await download(page, 'co-export-offers');
    assert.equal(log.text.trim().split('\n').length, 1 + 3 * 400);

    // The feasibility policy's final plan opens in the planner: its routes, drawn on the map.
    const vehicles = Number(await page.getByTestId('policy-row').nth(1).getAttribute('data-vehicles'));
    await page.getByTestId('co-open-plan').click();
    await page.getByTestId('plan-routes').waitFor({ state: 'visible', timeout: 30_000 });
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=route-count]')?.textContent) === n,
      vehicles,
      { timeout: 60_000 },
    );
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=map]')?.getAttribute('data-routes-drawn')) === n,
      vehicles,
      { timeout: 30_000 },
    );
    await page.waitForFunction(
      () => /feasibility booking day/.test(document.querySelector('[data-testid=save-note]')?.textContent || ''),
      null,
      { timeout: 30_000 },
    );
  });
});

test('a replayed bookings file: bad rows named by line, settings kept across a reload', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lastmile-bookings-'));
  const file = join(dir, 'bookings.csv');
  await writeFile(
    file,
    'Booking ID;Created At;Latitude;Longitude;Slot\n' +
      'b1;2026-11-22 20:00;45,760;4,840;09:00\n' +
      'b2;2026-11-22 21:30;45.750;4.830;\n' +
      'b3;2026-11-23 07:15;not a latitude;4.830;\n' +
      'b4;2026-11-23 08:05;45.770;4.850;13:00\n',
  );
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await openSample(page, 'lyon-300.json', /300 orders/);
    await page.getByTestId('page-checkout').click();
    await fill(page, 'co-seed', 7);
    await page.getByTestId('co-bookings').setInputFiles(file);
    await page.getByTestId('co-replay').waitFor();
    await runDay(page);
    assert.match(await page.getByTestId('co-status').textContent(), /3 customers/);
    const issue = page.getByTestId('co-issue');
    assert.equal(await issue.count(), 1);
    assert.equal(await issue.getAttribute('data-line'), '4');
    assert.equal(await issue.getAttribute('data-field'), 'Latitude');
    // The first customer wanted 09:00 and the feasibility policy could offer it.
    await page.getByTestId('policy-row').nth(1).click();
    assert.equal(await page.getByTestId('offer-row').count(), 3);
    assert.equal(await page.getByTestId('offer-row').first().getAttribute('data-chose'), '1', 'slot 09:00–11:00');

    // Settings survive a reload.
    await page.reload();
    await appIdle(page);
    await page.getByTestId('page-checkout').click();
    assert.equal(await page.getByTestId('co-seed').inputValue(), '7');

    // The bundled sample bookings replay too.
    await page.getByTestId('co-sample-bookings').click();
    await page.getByTestId('co-replay').waitFor();
    await runDay(page);
    assert.match(await page.getByTestId('co-status').textContent(), /400 customers/);
    assert.equal(await page.getByTestId('co-issue').count(), 0);

    // Postcode-like areas instead of the grid: five zones in the heatmap.
    await fill(page, 'co-zone-areas', 5);
    await runDay(page);
    assert.match(await page.getByTestId('co-status').textContent(), /5 zones/);
    const slots = await page.locator('[data-testid=heatmap] tbody tr').count();
    assert.equal(await page.getByTestId('heat-cell').count(), 5 * slots);
  });
});

test('a long booking day shows its progress and stops on request; the next one runs', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await openSample(page, 'lyon-300.json', /300 orders/);
    await page.getByTestId('page-checkout').click();
    await fill(page, 'co-customers', 4000);
    await page.getByTestId('co-run').click();
    await page.getByTestId('co-progress').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => /of 4000 customers/.test(document.querySelector('[data-testid=co-status]')?.textContent || ''), null, { timeout: 60_000 });
    await page.getByTestId('co-stop').click();
    await page.waitForFunction(() => /Stopped/.test(document.querySelector('[data-testid=co-status]')?.textContent || ''), null, { timeout: 30_000 });
    assert.equal(await page.getByTestId('policy-table').count(), 0, 'no half results');
    await fill(page, 'co-customers', 120);
    await runDay(page);
    assert.match(await page.getByTestId('co-status').textContent(), /120 customers/);
  });
});
