// The HTML status page in a real browser: Debian's chromium driven by playwright-core, headless,
// on loopback only. The chromium package is installed by scripts/ensure-chromium.sh when missing
// (as root); without it the tests skip and say why.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { built, onLoopback, startServer } from './helpers/server-process.js';

// The functions given to waitForFunction run in the page; this is the part of its DOM they use
// (the test project's types are Node's, without the DOM library).
declare const document: {
  getElementById(id: string): { readonly textContent: string | null } | null;
};

const executablePath = '/usr/bin/chromium';
const outputDir = fileURLToPath(new URL('../test-output/', import.meta.url));
const ensureScript = fileURLToPath(new URL('../scripts/ensure-chromium.sh', import.meta.url));

/** Installs chromium if it is missing and may be installed here; the reason when it is not. */
function chromiumMissing(): string | undefined {
  if (process.platform !== 'linux') return 'the browser test runs on Linux with Debian chromium';
  try {
    execFileSync('bash', [ensureScript], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
    return undefined;
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString().trim();
    return out === undefined || out === '' ? String(err) : out;
  }
}

const missing = built ? chromiumMissing() : 'the server is not built';
if (missing !== undefined) console.warn(`skipping the status page browser tests: ${missing}`);

const profiles: string[] = [];
afterAll(() => {
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

/** A headless chromium with an empty profile, nothing in the background, loopback only. */
async function browser(options: { javaScriptEnabled: boolean }): Promise<BrowserContext> {
  const profile = mkdtempSync(join(tmpdir(), 'sock-chromium-'));
  profiles.push(profile);
  return chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    javaScriptEnabled: options.javaScriptEnabled,
    viewport: { width: 1000, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Everything the page reports as a problem: console errors (CSP refusals too) and exceptions. */
function problems(page: Page): string[] {
  const found: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') found.push(message.text());
  });
  page.on('pageerror', (error) => found.push(error.message));
  return found;
}

describe.skipIf(missing !== undefined)('the status page in headless Chromium', () => {
  it('renders the facts, refreshes them live, shows the drain, with no console errors', async () => {
    await using server = await startServer([...onLoopback, '--drain-delay', '60s']);
    const url = server.urls[0]!;
    const port = server.ready['port'] as number;
    const context = await browser({ javaScriptEnabled: true });
    try {
      const page = await context.newPage();
      const errors = problems(page);
      const response = await page.goto(url);
      expect(response?.status()).toBe(200);
      expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self'/);
      await expect(page.locator('h1').innerText()).resolves.toMatch(/^sock-server/);
      await expect(page.locator('#state').innerText()).resolves.toBe('Serving');
      await expect(page.locator('.urls a').innerText()).resolves.toBe(url);
      await expect(page.locator('tbody').innerText()).resolves.toMatch(
        new RegExp(`127\\.0\\.0\\.1:${port}\\s+IPv4\\s+bound`),
      );
      const candidates = await page.locator('.candidates').innerText();
      expect(candidates).toContain(`tcp://127.0.0.1:${port}`);
      expect(candidates).not.toMatch(/:0\b/);
      // The script takes over from the meta refresh and updates the figures in place.
      await page.waitForFunction(() => document.getElementById('live')?.textContent === '(live)');
      const before = Number(await page.locator('#requests').innerText());
      await page.waitForFunction(
        (n) => Number(document.getElementById('requests')?.textContent) > n,
        before,
      );
      mkdirSync(outputDir, { recursive: true });
      await page.screenshot({ path: join(outputDir, 'status-page.png'), fullPage: true });

      server.child.kill('SIGTERM');
      await server.waitFor((r) => r.event === 'drain-delay');
      await page.waitForFunction(
        () => document.getElementById('state')?.textContent?.startsWith('Draining') === true,
      );
      await page.screenshot({ path: join(outputDir, 'status-page-draining.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('shows every fact without JavaScript, with a meta refresh to stay current', async () => {
    await using server = await startServer(onLoopback);
    const context = await browser({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      const errors = problems(page);
      await page.goto(server.urls[0]!);
      await expect(page.locator('#state').innerText()).resolves.toBe('Serving');
      await expect(page.locator('#connections').innerText()).resolves.toMatch(/^\d+$/);
      await expect(page.locator('#live').innerText()).resolves.toBe('(page reload)');
      expect(await page.locator('noscript').innerHTML()).toMatch(/http-equiv="refresh"/);
      mkdirSync(outputDir, { recursive: true });
      await page.screenshot({ path: join(outputDir, 'status-page-no-js.png'), fullPage: true });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
