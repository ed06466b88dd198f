// Planners' real files (issue 12): a German Excel export in Windows-1252, an OptimoRoute-like
// orders file with text priorities and numbered loads, and a fleet whose depots are coordinates.
// Every order is kept; the report names the encoding and each warning's file, line and column.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, planAndCheck, appIdle, setTimeLimit } from './flows.mjs';

/** Waits until the status line matches `pattern`. */
async function statusSays(page, pattern, timeout = 60_000) {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid=status]')?.textContent || ''), pattern.source, { timeout });
}

/** Stops on the plan's routes plus unassigned orders. */
async function ordersAccountedFor(page, routes) {
  const rows = page.getByTestId('route-row');
  let stops = 0;
  for (let k = 0; k < routes; k++) stops += Number(await rows.nth(k).locator('td').nth(2).textContent());
  await page.getByTestId('tab-unassigned').click();
  return { stops, unassigned: await page.getByTestId('unassigned-row').count() };
}

/** The report's row for `file`, `line`, `field`. */
function issue(page, file, line, field) {
  return page.locator(`[data-testid=issue-row][data-file="${file}"][data-line="${line}"][data-field="${field}"]`);
}

/** `text` as Windows-1252 bytes (the characters used here are all in Latin-1). */
function windows1252(text) {
  return Buffer.from(text, 'latin1');
}

const GERMAN = [
  'Auftragsnr;Empfänger;Straße;Breite;Länge;Gewicht kg;Zeitfenster;Priorität',
  '1001;Müller GmbH;Hauptstraße 1;52,5200;13,4050;12,5;08:00-12:00;hoch',
  '1002;Bäckerei Schön;Torstraße 5;52,5290;13,4010;3;8-12;normal',
  '1003;Café Süd;Alexanderplatz 2;52,5219;13,4132;7,25;;vielleicht',
  '1004;Weiß & Söhne;Friedrichstraße 9;52,5170;13,3889;1;13:00-17:00;niedrig',
].join('\r\n');

test('a Windows-1252 German export with decimal commas imports with every order kept', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await page.getByTestId('import-files').setInputFiles([
      { name: 'Aufträge.csv', mimeType: 'text/csv', buffer: windows1252(GERMAN) },
    ]);
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    await statusSays(page, /4 orders/);
    assert.equal(await page.locator('[data-testid=issue-row][data-severity=error]').count(), 0, 'no row skipped');
    assert.match(await issue(page, 'Aufträge.csv', '0', 'encoding').textContent(), /Windows-1252/);
    assert.match(await issue(page, 'Aufträge.csv', '4', 'Priorität').textContent(), /"vielleicht" is not a priority.*kept with priority 1/);
    assert.match(await page.getByTestId('import-summary').textContent(), /1 row kept with a default/);
    await setTimeLimit(page, 0.5);
    const routes = await planAndCheck(page);
    const { stops, unassigned } = await ordersAccountedFor(page, routes);
    assert.equal(stops + unassigned, 4);
    assert.equal(stops, 4, 'every order is planned');
  });
});

const OPTIMOROUTE = [
  'Order ID,Location Name,Address,Latitude,Longitude,Time Window Start,Time Window End,Duration (min),Load 1 (kg),Load 2 (L),Skills,Priority',
  'A-1,Bakery,1 Rue de la Paix,48.8686,2.3318,08:00,12:00,10,25.5,40,,high',
  'A-2,Cafe,2 Rue Royale,48.8680,2.3225,09:00,11:00,5,10,20,,normal',
  'A-3,Shop,3 Rue Cler,48.8560,2.3050,,,15,5,,,low',
  'A-4,Office,4 Rue du Bac,48.8550,2.3250,13:00,17:00,8,8,12,,urgent',
  'A-5,Hotel,5 Rue Lepic,48.8850,2.3350,10:00,14:00,7,3,5,,soonish',
  'A-6,Bar,6 Rue Oberkampf,48.8650,2.3780,14:00,18:00,6,4,6,,high',
].join('\n');

const FLEET = [
  'Vehicle ID,Depot lat,Depot lon,count,Load 1 (kg),Load 2 (L),Shift start,Shift end',
  'van,48.8400,2.3000,2,400,800,07:00,19:00',
  'bike,48.8400,2.3000,1,60,100,08:00,16:00',
].join('\n');

test('an OptimoRoute-like export and a fleet with depot coordinates plan with every order kept', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await page.getByTestId('import-files').setInputFiles([
      { name: 'optimoroute.csv', mimeType: 'text/csv', buffer: Buffer.from(OPTIMOROUTE) },
      { name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(FLEET) },
    ]);
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    await statusSays(page, /6 orders, 3 vehicles/);
    assert.match(await page.getByTestId('import-summary').textContent(), /6 orders, 3 vehicles and 1 depot/);
    assert.equal(await page.locator('[data-testid=issue-row][data-severity=error]').count(), 0, 'no row skipped');
    assert.match(await issue(page, 'optimoroute.csv', '6', 'Priority').textContent(), /"soonish" is not a priority/);
    assert.match(await issue(page, 'fleet.csv', '0', 'depots').textContent(), /1 depot made where the vehicles start/);
    // Both loads are used: no "columns not used" warning names them.
    const unused = await page.locator('[data-testid=issue-row][data-field=columns]').allTextContents();
    assert.ok(!unused.some((t) => /Load/.test(t)), unused.join('\n'));
    await setTimeLimit(page, 0.5);
    const routes = await planAndCheck(page);
    const { stops, unassigned } = await ordersAccountedFor(page, routes);
    assert.equal(stops, 6, `every order is planned (${unassigned} unassigned)`);
  });
});
