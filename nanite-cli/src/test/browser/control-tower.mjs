// Drives the control tower in Debian's headless Chromium through playwright-core, as
// ControlTowerBrowserTest asks: see the cluster's agents appear, send requests and read every
// agent's reply and the counters it pings with, then have the test kill an agent and see it
// leave.
//
// Environment: TOWER_URL, AGENTS (the identities expected, comma-separated; the first serves
// /mock/list, all serve /foo/bar), KILL (the one the test kills), CHROMIUM (default
// /usr/bin/chromium), SCREENSHOT (where to save the page if a step fails).
// Protocol on stdout: "STEP <what>" as it goes, "KILL <identity>" when the test should kill that
// agent (it answers with a line on stdin), "DONE" at the end, or "FAIL <why>" and exit 1.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const url = process.env.TOWER_URL;
const agents = process.env.AGENTS.split(',');
const kill = process.env.KILL;
const TIMEOUT = 30_000;

const step = (what) => console.log('STEP ' + what);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

const profile = mkdtempSync(join(tmpdir(), 'nanite-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = context.pages()[0] ?? await context.newPage();
page.setDefaultTimeout(TIMEOUT);

const agentRow = (identity) => page.locator(`#agents tbody tr[data-agent="${identity}"]`);
const replyRow = (identity) => page.locator(`#replies tbody tr[data-agent="${identity}"]`);

async function send(path, args, selector) {
  await page.fill('#path', path);
  await page.fill('#args', args);
  await page.selectOption('#selector', selector);
  await page.click('#send');
}

async function replies(count) {
  await page.waitForFunction((n) => document.querySelectorAll('#replies tbody tr').length === n
    && !document.getElementById('replies').hidden, count);
  return page.$$eval('#replies tbody tr', (rows) => rows.map((row) => ({
    agent: row.dataset.agent,
    outcome: row.querySelector('.outcome').textContent,
    value: row.querySelector('.value').textContent,
  })));
}

function expect(condition, what) {
  if (!condition) throw new Error(what);
}

try {
  step('open ' + url);
  await page.goto(url);
  await page.locator('#connection.live').waitFor();

  step('agents appear: ' + agents.join(', '));
  for (const identity of agents) {
    await agentRow(identity).waitFor();
    const paths = await agentRow(identity).locator('.paths').textContent();
    expect(paths.includes('/foo/bar'), identity + ' shows its paths: ' + paths);
    const ping = await agentRow(identity).locator('.last-ping').textContent();
    expect(/^\d+\.\ds ago$/.test(ping), identity + ' shows its last ping: ' + ping);
    const node = await agentRow(identity).locator('.node').textContent();
    expect(/^[^:]+:\d+$/.test(node), identity + ' shows its broker node as host:port: ' + node);
  }
  const count = await page.locator('#agent-count').textContent();
  expect(count === '(' + agents.length + ')', 'the count says ' + agents.length + ': ' + count);

  step('request /foo/bar to all');
  await send('/foo/bar', '{"payload": "browser"}', 'all');
  const all = await replies(agents.length);
  for (const identity of agents) {
    const reply = all.find((r) => r.agent === identity);
    expect(reply && reply.outcome === 'ok' && reply.value === `"bar(browser) from ${identity}"`,
      'the reply of ' + identity + ': ' + JSON.stringify(all));
  }
  console.log('REPLIES ' + JSON.stringify(all));

  step('each agent\'s counters show the request it took, from its next ping');
  for (const identity of agents) {
    await page.waitForFunction((id) => {
      const row = document.querySelector(`#agents tbody tr[data-agent="${id}"]`);
      return row !== null && /^requests [1-9]/.test(row.querySelector('.counters').textContent);
    }, identity);
  }

  step('request /mock/list to the least loaded');
  await send('/mock/list', '{"filter": "2"}', 'least_loaded');
  const one = await replies(1);
  expect(one[0].agent === agents[0] && one[0].value === '[2]', 'the /mock/list reply: '
    + JSON.stringify(one));

  step('a bad request says what is wrong');
  await send('/mock/list', '{"filtr": "2"}', 'least_loaded');
  await page.locator('#request-status.failed').waitFor();
  const status = await page.locator('#request-status').textContent();
  expect(status.includes("no parameter 'filtr'"), 'the error: ' + status);

  step('the test kills ' + kill);
  console.log('KILL ' + kill);
  await lines.next();

  step(kill + ' leaves');
  await agentRow(kill).waitFor({ state: 'detached' });
  for (const identity of agents.filter((a) => a !== kill)) {
    expect(await agentRow(identity).count() === 1, identity + ' is still shown');
  }

  step('request /foo/bar to all again');
  await send('/foo/bar', '["again"]', 'all');
  const rest = await replies(agents.length - 1);
  expect(!rest.some((r) => r.agent === kill), 'no reply from ' + kill + ': ' + JSON.stringify(rest));
  console.log('DONE');
} catch (e) {
  console.log('FAIL ' + e.message.split('\n')[0]);
  if (process.env.SCREENSHOT) {
    await page.screenshot({ path: process.env.SCREENSHOT, fullPage: true }).catch(() => {});
  }
  process.exitCode = 1;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  process.exit();
}
