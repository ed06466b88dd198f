// The map as a planner uses it: the plan drawn, a stop's details under the pointer, panning and
// zooming with the mouse, the buttons and the keyboard, and street-map tiles that are only
// requested once switched on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serve } from './server.mjs';
import { openBrowser, DIST } from './browser.mjs';

const TILE_HOST = 'https://tile.openstreetmap.org/';
/** A 1×1 transparent PNG: what the routed tile server answers, so no test needs the network. */
const PIXEL = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Serves dist/ with COOP/COEP, opens a fresh browser that records every request, lets `prepare`
 * route requests before the page loads, runs `body`, cleans up.
 */
async function withApp(body, prepare = async () => {}) {
  const server = await serve({ root: DIST, isolation: true });
  const { context, page, errors } = await openBrowser();
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  try {
    await prepare(page, server);
    await page.goto(server.url);
    await body(page, { server, requests, origin: new URL(server.url).origin });
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
    await server.close();
  }
}

const outside = (requests, origin) => requests.filter((url) => new URL(url).origin !== origin);

async function scenarioLoaded(page) {
  await page.waitForFunction(() => !document.querySelector('[data-testid=plan-routes]')?.disabled, null, { timeout: 60_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=map]')?.dataset.stopsDrawn) > 0);
}

/** Opens the Solomon benchmark (100 customers, planar x/y) and plans it. */
async function planRoutes(page) {
  await scenarioLoaded(page);
  await page.getByTestId('sample-select').selectOption('LM-RC100.txt');
  await page.waitForFunction(() => /100 orders/.test(document.querySelector('[data-testid=status]')?.textContent || ''), null, { timeout: 60_000 });
  await page.waitForFunction(() => Number(document.querySelector('[data-testid=map]')?.dataset.stopsDrawn) === 100);
  await page.getByTestId('time-limit').fill('1');
  await page.getByTestId('time-limit').dispatchEvent('change');
  await page.getByTestId('plan-routes').click();
  await page.getByText(/Planned in/).waitFor({ timeout: 60_000 });
  return Number(await page.getByTestId('route-count').textContent());
}

/** The canvas's data-* attributes as numbers. */
async function drawn(page) {
  const data = await page.getByTestId('map').evaluate((map) => ({ ...map.dataset }));
  return { routes: Number(data.routesDrawn), stops: Number(data.stopsDrawn), zoom: Number(data.zoom) };
}

/** Waits until the map has painted whatever the last input asked for. */
async function painted(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/** The tooltip as shown, with the stop's position in page coordinates; null when hidden. */
async function tooltip(page) {
  await painted(page);
  const box = await page.getByTestId('map').boundingBox();
  const shown = await page.getByTestId('map-tooltip').evaluate((t) =>
    t.hidden ? null : { id: t.dataset.stopId, kind: t.dataset.kind, text: t.textContent, x: Number(t.dataset.x), y: Number(t.dataset.y) },
  );
  return shown && { ...shown, x: box.x + shown.x, y: box.y + shown.y };
}

/** Moves the mouse over the map, row by row, until a tooltip shows; returns it and the pointer. */
async function findStop(page, { kind = 'order' } = {}) {
  const box = await page.getByTestId('map').boundingBox();
  for (let y = box.y + 30; y < box.y + box.height - 30; y += 9) {
    for (let x = box.x + 30; x < box.x + box.width - 60; x += 9) {
      await page.mouse.move(x, y);
      const shown = await tooltip(page);
      if (shown && shown.kind === kind) return { ...shown, pointer: { x, y } };
    }
  }
  throw new Error(`no ${kind} found under the pointer`);
}

function near(actual, expected, tolerance, what) {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: expected ${expected} ± ${tolerance}, got ${actual}`);
}

test('the plan is drawn on the map, and hovering a stop names it and its route', async () => {
  await withApp(async (page, { requests, origin }) => {
    const routes = await planRoutes(page);
    const map = await drawn(page);
    assert.ok(routes > 0);
    assert.deepEqual(map, { routes, stops: 100, zoom: 1 }, 'every route and all 100 orders, fitted');
    const size = await page.getByTestId('map').evaluate((c) => ({ w: c.width, h: c.height, cw: c.clientWidth, ch: c.clientHeight, dpr: devicePixelRatio }));
    assert.equal(size.w, Math.round(size.cw * size.dpr), 'the canvas has a pixel per device pixel');
    assert.ok(size.cw > 600 && size.ch > 300, `the map fills its area at 1280×800 (${size.cw}×${size.ch})`);

    const stop = await findStop(page);
    assert.match(stop.id, /^\d+$/, 'a Solomon customer number');
    assert.match(stop.text, new RegExp(`^\\s*${stop.id}\\s+route \\d+ · vehicle-\\d+\\s*$`), 'its route and vehicle');
    await page.mouse.move(stop.x, stop.y - 40);
    await page.mouse.move(stop.x, stop.y);
    assert.equal((await tooltip(page)).id, stop.id, 'hovering right on the stop shows it again');

    // A click selects the stop: its details stay when the pointer leaves; Escape lets go.
    await page.mouse.click(stop.x, stop.y);
    await page.mouse.move(5, 5);
    assert.equal((await tooltip(page))?.id, stop.id, 'the clicked stop stays shown');
    await page.keyboard.press('Escape');
    assert.equal(await tooltip(page), null, 'Escape clears the selection');

    assert.deepEqual(outside(requests, origin), [], 'with street-map tiles off nothing leaves the origin');
    assert.equal(await page.getByTestId('map-tiles').isDisabled(), true, 'no street map under planar x/y');
  });
});

test('the wheel zooms around the pointer, + and Fit zoom the view, dragging pans it', async () => {
  await withApp(async (page) => {
    await planRoutes(page);
    const stop = await findStop(page);
    const { pointer } = stop;

    // Wheel: the point under the pointer stays there, the stop moves away from it by the zoom.
    await page.mouse.wheel(0, -300);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=map]').dataset.zoom) > 1);
    const zoom = (await drawn(page)).zoom;
    near(zoom, Math.exp(0.6), 0.01, 'zoom after one wheel turn');
    const zoomed = await tooltip(page);
    assert.equal(zoomed.id, stop.id);
    near(zoomed.x, pointer.x + zoom * (stop.x - pointer.x), 1, 'stop x after zooming around the pointer');
    near(zoomed.y, pointer.y + zoom * (stop.y - pointer.y), 1, 'stop y after zooming around the pointer');
    assert.ok((await drawn(page)).stops < 100, 'zoomed in, stops out of view are not drawn');

    // Drag: the stop follows the pointer.
    await page.mouse.move(zoomed.x, zoomed.y);
    await page.mouse.down();
    await page.mouse.move(zoomed.x - 80, zoomed.y + 30, { steps: 6 });
    await page.mouse.up();
    const dragged = await tooltip(page);
    assert.equal(dragged.id, stop.id);
    near(dragged.x, zoomed.x - 80, 1, 'stop x after dragging');
    near(dragged.y, zoomed.y + 30, 1, 'stop y after dragging');
    near((await drawn(page)).zoom, zoom, 0.001, 'dragging does not zoom');

    // Buttons.
    await page.getByTestId('map-zoom-in').click();
    await painted(page);
    near((await drawn(page)).zoom, zoom * 1.5, 0.01, 'zoom after +');
    await page.getByTestId('map-zoom-out').click();
    await page.getByTestId('map-zoom-out').click();
    await painted(page);
    near((await drawn(page)).zoom, zoom / 1.5, 0.01, 'zoom after + − −');
    await page.getByTestId('map-fit').click();
    await painted(page);
    assert.deepEqual(await drawn(page), { routes: (await drawn(page)).routes, stops: 100, zoom: 1 });
  });
});

test('with the map focused, arrow keys pan, + and − zoom and 0 fits', async () => {
  await withApp(async (page) => {
    await planRoutes(page);
    const stop = await findStop(page);
    const map = page.getByTestId('map');
    await map.focus();
    assert.equal(await map.evaluate((m) => document.activeElement === m && m.tabIndex === 0), true);
    const width = await map.evaluate((m) => m.clientWidth);

    await page.keyboard.press('ArrowRight');
    let now = await tooltip(page);
    near(now.x, stop.x - width * 0.1, 1, 'ArrowRight shows what lies east: the stop moves left');
    near(now.y, stop.y, 1, 'ArrowRight does not move up or down');

    await page.keyboard.press('+');
    await painted(page);
    near((await drawn(page)).zoom, 1.5, 0.001, 'zoom after +');
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    await painted(page);
    near((await drawn(page)).zoom, 1 / 1.5, 0.001, 'zoom after + − −');

    await page.keyboard.press('0');
    await painted(page);
    assert.equal((await drawn(page)).zoom, 1);
    now = await tooltip(page);
    near(now.x, stop.x, 1, 'fitted again, the stop is back where it was');
    near(now.y, stop.y, 1, 'fitted again, the stop is back where it was');
  });
});

/** Web Mercator's y (0 at the north edge, 1 at the south) of a latitude: the test's own oracle. */
const mercatorY = (lat) => (1 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / Math.PI) / 2;

/**
 * A geographic scenario in Lastmile's JSON: a depot in Lyon, an order at each corner of a
 * 0.02° × 0.02° square around it (wider than tall on a Mercator map), and orders inside.
 */
function lyon() {
  const [lat, lon, d] = [45.7578, 4.832, 0.01];
  const corners = [['north-west', lat + d, lon - d], ['north-east', lat + d, lon + d], ['south-west', lat - d, lon - d], ['south-east', lat - d, lon + d]];
  const inside = Array.from({ length: 20 }, (_, k) => [`lyon-${k + 1}`, lat + d * 0.6 * Math.sin(k * 1.7), lon + d * 0.6 * Math.cos(k * 2.3)]);
  return {
    geometry: { lat, lon, d },
    scenario: {
      format: 'lastmile-scenario',
      version: 1,
      name: 'Lyon map test',
      coordinates: 'geographic',
      depots: [{ id: 'D1', lat, lon }],
      orders: [...corners, ...inside].map(([id, la, lo]) => ({ id, lat: la, lon: lo, demand: [1] })),
      vehicles: [{ id: 'van', count: 2, capacity: [30] }],
    },
  };
}

test('a lon/lat scenario is drawn in Web Mercator; street-map tiles load only once switched on', async () => {
  const { scenario, geometry } = lyon();
  await withApp(
    async (page, { requests, origin }) => {
      // The fixture is served in place of the bundled sample.
      await scenarioLoaded(page);
      assert.equal((await drawn(page)).stops, 24);
      const box = await page.getByTestId('map').boundingBox();

      // The square is fitted by its height; on Web Mercator its width is shorter by cos(latitude).
      const { lat, d } = geometry;
      const aspect = (2 * d) / 360 / (mercatorY(lat - d) - mercatorY(lat + d));
      const half = { y: (box.height - 48) / 2 };
      half.x = half.y * aspect;
      assert.ok(aspect < 0.75, 'Mercator stretches north–south at 45.8° N');
      const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      for (const [id, sx, sy] of [['north-west', -1, -1], ['north-east', 1, -1], ['south-west', -1, 1], ['south-east', 1, 1]]) {
        await page.mouse.move(centre.x + sx * half.x, centre.y + sy * half.y);
        const shown = await tooltip(page);
        assert.equal(shown?.id, id, `the ${id} order is where Web Mercator puts it`);
        assert.match(shown.text, /unassigned/, 'no plan yet');
      }
      await page.mouse.move(centre.x, centre.y);
      assert.equal((await tooltip(page))?.id, 'D1', 'the depot in the middle');

      const toggle = page.getByTestId('map-tiles');
      assert.equal(await toggle.isChecked(), false, 'street map off by default');
      assert.equal(await page.getByTestId('map-attribution').count(), 0);
      assert.equal(await page.locator('img.map-tile').count(), 0);
      assert.deepEqual(outside(requests, origin), [], 'before switching tiles on nothing leaves the origin');

      await toggle.check();
      await page.getByTestId('map-attribution').waitFor();
      assert.equal((await page.getByTestId('map-attribution').textContent()).trim(), '© OpenStreetMap contributors');
      await page.waitForFunction(() => [...document.querySelectorAll('img.map-tile')].some((img) => img.complete && img.naturalWidth === 1));
      const tiles = outside(requests, origin);
      assert.ok(tiles.length > 0, 'tiles were requested');
      for (const url of tiles) assert.match(url, /^https:\/\/tile\.openstreetmap\.org\/\d+\/\d+\/\d+\.png$/);
      const shown = await page.locator('img.map-tile').count();
      assert.ok(shown >= 2 && shown <= 30, `a screenful of tiles, got ${shown}`);

      await toggle.uncheck();
      await page.getByTestId('map-attribution').waitFor({ state: 'detached' });
      await painted(page);
      assert.equal(await page.locator('img.map-tile').count(), 0, 'tiles removed when switched off');
    },
    async (page) => {
      await page.route('**/samples/lyon-300.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(scenario) }));
      await page.route(`${TILE_HOST}**`, (route) =>
        route.fulfill({
          status: 200,
          contentType: 'image/png',
          headers: { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' },
          body: PIXEL,
        }),
      );
    },
  );
});
