// The main flow with the keyboard only: open a sample, plan, open a route's stops.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, appIdle, watchStatus, statusChangedTo, planButtonEnabled } from './flows.mjs';

/** Presses Tab until the element with `testid` has focus (fails after 80 presses). */
async function tabTo(page, testid) {
  for (let k = 0; k < 80; k++) {
    if (await page.evaluate((id) => document.activeElement?.dataset?.testid === id, testid)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`could not reach ${testid} with Tab`);
}

test('keyboard only: open the city sample, plan it, read a route', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await tabTo(page, 'sample-select');
    await watchStatus(page);
    await page.keyboard.press('ArrowDown'); // the first sample: Lyon, 300 orders
    await statusChangedTo(page, /300 orders/);
    await planButtonEnabled(page);
    await tabTo(page, 'time-limit');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('1');
    await tabTo(page, 'plan-routes');
    await page.keyboard.press('Enter');
    await page.getByText(/Planned in/).waitFor({ timeout: 60_000 });
    await tabTo(page, 'route-row');
    await page.keyboard.press('Enter');
    await page.getByTestId('stop-table').waitFor();
    assert.ok((await page.getByTestId('stop-row').count()) > 0);
  });
});
