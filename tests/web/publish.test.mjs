// The page `chronolanes publish` writes, opened from disk in Debian's headless Chromium through
// playwright-core (no browser download). Needs the debug binary (`cargo build`, or `cargo test`
// before this) and `chromium`; scripts/test.sh runs this after `cargo test`.
//
//   npm ci --prefix tests/web && node --test tests/web/
//
// CHRONOLANES_BIN: the binary (default target/debug/chronolanes).
// CHROMIUM: the browser (default /usr/bin/chromium).
// CHRONOLANES_SHOTS_DIR: when set, screenshots of the page are saved there.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const binary = process.env.CHRONOLANES_BIN || join(root, "target", "debug", "chronolanes");
const browserPath = process.env.CHROMIUM || "/usr/bin/chromium";
const bundled = join(root, "timelines", "mexico-us-extraditions.ron");
const shotsDir = process.env.CHRONOLANES_SHOTS_DIR;

let dir;
let browser;

function chronolanes(...args) {
  return execFileSync(binary, args, { cwd: root, encoding: "utf8" });
}

/** The ids `list` gives for these filter arguments: what the page must show. */
function listedIds(...filterArgs) {
  const json = chronolanes("list", bundled, ...filterArgs, "--format", "json");
  return JSON.parse(json).map((event) => event.id);
}

function publish(input, name, ...args) {
  const out = join(dir, name);
  chronolanes("publish", input, "-o", out, ...args);
  return out;
}

/** Opens `file` and records every request the page makes. */
async function open(file, viewport = { width: 1366, height: 768 }) {
  const page = await browser.newPage({ viewport });
  const requests = [];
  page.on("request", (request) => requests.push(request.url()));
  const errors = [];
  page.on("pageerror", (error) => errors.push(String(error)));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector("html[data-ready=true]");
  return { page, requests, errors };
}

/** Ids of the event groups the reader can see (not filtered out). */
function shownMarkerIds(page) {
  return page.$$eval("svg g.event:not(.filtered-out)", (groups) =>
    groups.map((group) => group.getAttribute("data-id"))
  );
}

function assertNoNetwork(requests, file) {
  const self = pathToFileURL(file).href;
  const others = requests.filter((url) => url !== self && !url.startsWith("data:"));
  assert.deepEqual(others, [], "the page asked for something besides itself");
}

before(() => {
  assert.ok(existsSync(binary), `no binary at ${binary}: run cargo build first`);
  dir = mkdtempSync(join(tmpdir(), "chronolanes-web-"));
});

before(async () => {
  browser = await chromium.launch({
    executablePath: browserPath,
    // Root in a container has no user namespace for the sandbox.
    args: ["--no-sandbox"],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("the bundled page loads with no network request and one marker per visible event", async () => {
  const file = publish(bundled, "bundled.html");
  const { page, requests, errors } = await open(file);
  assertNoNetwork(requests, file);
  assert.deepEqual(errors, []);
  const expected = listedIds();
  const shown = await shownMarkerIds(page);
  assert.equal(shown.length, expected.length);
  assert.deepEqual([...shown].sort(), [...expected].sort());
  // The list holds the same events, in date order.
  const listed = await page.$$eval("#event-list li:not([hidden])", (items) =>
    items.map((item) => item.getAttribute("data-id"))
  );
  assert.deepEqual(listed, expected);
  await page.close();
});

test("clicking a marker shows its details and sources; Escape closes them", async () => {
  const file = publish(bundled, "click.html");
  const { page } = await open(file, { width: 1920, height: 1080 });
  const events = JSON.parse(chronolanes("list", bundled, "--format", "json"));
  // An event drawn with its own marker (not inside a cluster badge).
  const id = await page.$eval("svg g.event:has(.marker)", (group) => group.getAttribute("data-id"));
  const event = events.find((e) => e.id === id);
  await page.locator(`svg g.event[data-id="${id}"] .marker`).click();
  const details = page.locator("#details");
  await details.waitFor({ state: "visible" });
  assert.equal(await page.textContent("#details-title"), event.title);
  const body = await page.textContent("#details-body");
  assert.match(body, /Sources/);
  const sources = await page.$$eval("#details-body ul.sources li", (items) =>
    items.map((item) => item.textContent)
  );
  assert.equal(sources.length, event.sources.length);
  // The list item is highlighted with the marker.
  assert.equal(await page.getAttribute(`#event-list li[data-id="${id}"]`, "class"), "selected");
  await page.keyboard.press("Escape");
  await details.waitFor({ state: "hidden" });

  // By keyboard: focus the marker, Enter opens the details, Escape returns to the marker.
  await page.focus(`svg g.event[data-id="${id}"]`);
  await page.keyboard.press("Enter");
  await details.waitFor({ state: "visible" });
  assert.equal(await page.textContent("#details-title"), event.title);
  await page.keyboard.press("Escape");
  await details.waitFor({ state: "hidden" });
  assert.equal(
    await page.evaluate(() => document.activeElement.getAttribute("data-id")),
    id
  );

  // A list item opens the same details.
  const last = events[events.length - 1];
  await page.click(`#event-list li[data-id="${last.id}"] button`);
  await details.waitFor({ state: "visible" });
  assert.equal(await page.textContent("#details-title"), last.title);
  await page.close();
});

test("a cartel filter leaves the markers and list items of that cartel's events", async () => {
  const file = publish(bundled, "filter.html");
  const { page } = await open(file);
  await page.selectOption("#filter-cartel", { label: "Sinaloa Cartel" });
  const expected = listedIds("--cartel", "sinaloa");
  assert.ok(expected.length > 0 && expected.length < listedIds().length);
  assert.deepEqual((await shownMarkerIds(page)).sort(), [...expected].sort());
  const listed = await page.$$eval("#event-list li:not([hidden])", (items) =>
    items.map((item) => item.getAttribute("data-id"))
  );
  assert.deepEqual(listed, expected);
  assert.match(await page.textContent("#filter-status"), new RegExp(`Showing ${expected.length} of`));
  // Text search narrows further, as `list --search` does.
  await page.fill("#filter-text", "extradit");
  const both = listedIds("--cartel", "sinaloa", "--search", "extradit");
  assert.deepEqual((await shownMarkerIds(page)).sort(), [...both].sort());
  await page.click("#filter-clear");
  assert.equal((await shownMarkerIds(page)).length, listedIds().length);
  await page.close();
});

test("source links are ordinary links, and the page still asks for nothing", async () => {
  const input = join(dir, "links.ron");
  writeFileSync(
    input,
    `Timeline(
  title: "Links <b>and</b> escapes",
  sources: [
    Source(id: "r", outlet: "Reuters", title: "Extradited", url: "https://example.com/a?b=1&c=2"),
    Source(id: "x", title: "Script", url: "javascript:alert(1)"),
  ],
  events: [Event(id: "e", kind: Court, date: "2019-02-12", title: "Sentenced </script><img src=x onerror=alert(1)>", sources: ["r", "x"])],
)`
  );
  const file = publish(input, "links.html");
  const { page, requests, errors } = await open(file);
  assert.deepEqual(errors, []);
  await page.click('#event-list li[data-id="e"] button');
  assert.equal(
    await page.textContent("#details-title"),
    "Sentenced </script><img src=x onerror=alert(1)>"
  );
  const links = await page.$$eval("#details-body a", (anchors) => anchors.map((a) => a.href));
  assert.deepEqual(links, ["https://example.com/a?b=1&c=2"]);
  assert.equal(await page.$$eval("img", (images) => images.length), 0);
  assertNoNetwork(requests, file);
  await page.close();
});

test("zoom buttons and keys change the view; Fit restores it", async () => {
  const file = publish(bundled, "zoom.html");
  const { page } = await open(file);
  const viewBox = () => page.getAttribute("#lanes svg", "viewBox");
  const full = await viewBox();
  await page.click("#zoom-in");
  const zoomed = await viewBox();
  assert.notEqual(zoomed, full);
  await page.focus("#lanes");
  await page.keyboard.press("ArrowRight");
  assert.notEqual(await viewBox(), zoomed);
  await page.keyboard.press("0");
  assert.equal(await viewBox(), full);
  await page.close();
});

test("a 10,000-event page opens in under 2 s", async () => {
  const input = join(dir, "big.ron");
  chronolanes("generate", "--events", "10000", "-o", input);
  const file = publish(input, "big.html");
  const { page, requests } = await open(file);
  assertNoNetwork(requests, file);
  const timing = await page.evaluate(() => {
    const navigation = performance.getEntriesByType("navigation")[0];
    return {
      readyMs: Number(document.documentElement.dataset.readyMs),
      loadMs: navigation.loadEventEnd - navigation.startTime,
    };
  });
  console.log(`10,000-event page: usable after ${timing.readyMs} ms, load event after ${Math.round(timing.loadMs)} ms`);
  assert.ok(timing.readyMs < 2000 && timing.loadMs < 2000, JSON.stringify(timing));
  assert.equal(await page.$$eval("#event-list li", (items) => items.length), 10000);
  await page.close();
});

test("the story steps forward and back by keyboard", async () => {
  const ids = listedIds();
  const input = join(dir, "story.ron");
  const text = readFileSync(bundled, "utf8");
  // A story of three steps added to the bundled timeline's stories (or as its first).
  const story = `Story(id: "s", title: "Three steps", steps: [
    Step(event: "${ids[0]}", note: "First note"),
    Step(title: "A window", note: "Second note", window: "2013..2025"),
    Step(event: "${ids[ids.length - 1]}", note: "Third note")])`;
  const withStory = /\n\s*stories:\s*\[/.test(text)
    ? text.replace(/(\n\s*stories:\s*\[)/, `$1\n    ${story},`)
    : text.replace(/\n\s*events:\s*\[/, `\n    stories: [${story}],\n    events: [`);
  writeFileSync(input, withStory);
  const file = publish(input, "story.html", "--story", "s");
  const { page, errors } = await open(file);
  const progress = () => page.textContent("#story-progress");
  assert.equal(await progress(), "1 / 3");
  assert.equal(await page.textContent("#story-note"), "First note");
  await page.keyboard.press("ArrowRight");
  assert.equal(await progress(), "2 / 3");
  assert.equal(await page.textContent("#story-step-title"), "A window");
  // The step's years are marked on the picture.
  assert.equal(await page.locator("svg rect.spotlight").count(), 1);
  await page.keyboard.press("ArrowRight");
  assert.equal(await progress(), "3 / 3");
  assert.equal(await page.textContent("#story-note"), "Third note");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await progress(), "2 / 3");
  assert.deepEqual(errors, []);
  await page.close();
});

test("screenshots at 1366x768 and 1920x1080", { skip: !shotsDir && "CHRONOLANES_SHOTS_DIR not set" }, async () => {
  mkdirSync(shotsDir, { recursive: true });
  const file = publish(bundled, "shots.html");
  for (const viewport of [
    { width: 1366, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    const { page } = await open(file, viewport);
    const name = `${viewport.width}x${viewport.height}`;
    await page.screenshot({ path: join(shotsDir, `page-${name}.png`) });
    await page.screenshot({ path: join(shotsDir, `page-${name}-full.png`), fullPage: true });
    const id = await page.$eval("svg g.event:has(.marker)", (group) => group.getAttribute("data-id"));
    await page.locator(`svg g.event[data-id="${id}"] .marker`).hover();
    await page.screenshot({ path: join(shotsDir, `page-${name}-tooltip.png`) });
    await page.locator(`svg g.event[data-id="${id}"] .marker`).click();
    await page.screenshot({ path: join(shotsDir, `page-${name}-details.png`) });
    await page.close();
  }
});
