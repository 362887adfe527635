// @ts-check
// End-to-end: two analysts in two browser contexts open the same incident; one changes the summary and
// the other sees it without reloading, and each sees the other's presence.
//
// Starts nothing itself: point it at a running api that serves the built app.
//   MOZDEF_E2E_URL=http://127.0.0.1:8000 \
//   MOZDEF_E2E_USER1=alice MOZDEF_E2E_PASS1=… MOZDEF_E2E_USER2=bob MOZDEF_E2E_PASS2=… \
//   npm run e2e
// Optional: MOZDEF_E2E_INCIDENT (an incident id; else one is created), MOZDEF_E2E_CHROMIUM
// (default /usr/bin/chromium), MOZDEF_E2E_SCREENSHOTS (default e2e/screenshots).
import { mkdirSync } from "node:fs";
import { join } from "node:path";

import { chromium } from "playwright-core";

/** @param {string} name @param {string} [fallback] @returns {string} */
const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) {
    console.error(`set ${name}`);
    process.exit(2);
  }
  return value;
};

const base = env("MOZDEF_E2E_URL").replace(/\/$/, "");
const alice = { name: env("MOZDEF_E2E_USER1"), password: env("MOZDEF_E2E_PASS1") };
const bob = { name: env("MOZDEF_E2E_USER2"), password: env("MOZDEF_E2E_PASS2") };
const shots = env("MOZDEF_E2E_SCREENSHOTS", "e2e/screenshots");
const TIMEOUT = 10_000;

/** @param {string} path @param {RequestInit} init */
async function rest(path, init = {}) {
  const response = await fetch(base + path, {
    ...init,
    headers: { "content-type": "application/json", ...(init.headers ?? {}) },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

async function incidentId() {
  if (process.env.MOZDEF_E2E_INCIDENT) return process.env.MOZDEF_E2E_INCIDENT;
  const login = await rest("/api/v1/auth/login", {
    method: "POST",
    body: JSON.stringify({ username: alice.name, password: alice.password }),
  });
  const incident = await rest("/api/v1/incidents", {
    method: "POST",
    headers: { authorization: `Bearer ${login.access_token}` },
    body: JSON.stringify({ summary: `e2e incident ${new Date().toISOString()}`, severity: "HIGH" }),
  });
  return incident.id;
}

/** @param {import("playwright-core").Page} page @param {{name: string, password: string}} who */
async function signIn(page, who) {
  await page.goto(`${base}/#/signin`);
  await page.getByLabel("User name").fill(who.name);
  await page.getByLabel("Password").fill(who.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Incidents" }).waitFor({ timeout: TIMEOUT });
}

/** @type {boolean[]} */
const results = [];
/** @param {string} name @param {() => Promise<void>} body */
async function check(name, body) {
  try {
    await body();
    results.push(true);
    console.log(`ok - ${name}`);
  } catch (error) {
    results.push(false);
    console.log(`not ok - ${name}\n  ${String(error).split("\n").join("\n  ")}`);
  }
}

const browser = await chromium.launch({
  executablePath: env("MOZDEF_E2E_CHROMIUM", "/usr/bin/chromium"),
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
  ],
});
mkdirSync(shots, { recursive: true });
try {
  const pages = [];
  for (const who of [alice, bob]) {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.on("pageerror", (error) => console.log(`  [${who.name}] page error: ${error.message}`));
    pages.push(page);
  }
  const [a, b] = /** @type {[import("playwright-core").Page, import("playwright-core").Page]} */ (pages);

  await check("both analysts sign in", async () => {
    await signIn(a, alice);
    await signIn(b, bob);
    await a.screenshot({ path: join(shots, "incidents.png"), fullPage: true });
  });

  const id = await incidentId();
  const url = `${base}/#/incidents/${encodeURIComponent(id)}`;

  await check("both open the incident, live", async () => {
    await a.goto(url);
    await b.goto(url);
    for (const page of [a, b]) {
      await page.getByTestId("field-summary").waitFor({ timeout: TIMEOUT });
      await page.getByTestId("live-open").waitFor({ timeout: TIMEOUT });
    }
    // a reload would clear this mark: its survival proves the page was updated in place
    await b.evaluate(() => Object.assign(window, { __e2eNoReload: true }));
  });

  await check("each sees the other's presence", async () => {
    await b.getByTestId("presence-user").filter({ hasText: alice.name }).waitFor({ timeout: TIMEOUT });
    await a.getByTestId("presence-user").filter({ hasText: bob.name }).waitFor({ timeout: TIMEOUT });
  });

  const summary = `Contained at ${new Date().toISOString()}`;
  await check("a summary change by one reaches the other without reload", async () => {
    await a.getByRole("button", { name: "Edit summary" }).click();
    await b.getByTestId("presence-user").filter({ hasText: `${alice.name}` }).filter({ hasText: "editing" })
      .waitFor({ timeout: TIMEOUT });
    await a.getByLabel("Summary", { exact: true }).fill(summary);
    await a.getByRole("button", { name: "Save" }).click();
    await a.getByTestId("field-summary").filter({ hasText: summary }).waitFor({ timeout: TIMEOUT });
    await b.getByTestId("field-summary").filter({ hasText: summary }).waitFor({ timeout: TIMEOUT });
    const kept = await b.evaluate(() => /** @type {any} */ (window).__e2eNoReload === true);
    if (!kept) throw new Error("the second analyst's page was reloaded");
    await b.screenshot({ path: join(shots, "incident-live.png"), fullPage: true });
  });
} finally {
  await browser.close();
}
const passed = results.filter(Boolean).length;
console.log(`${passed} passed, ${results.length - passed} failed`);
process.exit(passed === results.length ? 0 : 1);
