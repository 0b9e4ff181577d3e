// What every journey uses: the browser, a watched tab (console errors, CSP violations, axe-core),
// and small assertions. Pages are checked by strings passed to page.evaluate, because this
// project typechecks without the DOM library.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Problems that fail a journey at its end without stopping it: axe violations, console errors. */
export class Findings {
  readonly problems: string[] = [];
  readonly notes: string[] = [];
  add(problem: string) {
    this.problems.push(problem);
    console.log(`    ✗ ${problem.replace(/\n/g, '\n      ')}`);
  }
  note(text: string) {
    this.notes.push(text);
    console.log(`    ! ${text}`);
  }
}

export type JourneyContext = {
  browser: Browser;
  baseUrl: string;
  findings: Findings;
  /** Opens a context (English unless `locale` says otherwise) with one watched tab. */
  open: (options?: BrowserContextOptions) => Promise<Tab>;
};

/**
 * A page whose console errors and CSP violations are collected, and that is run through axe-core
 * on every `check`. Expected 4xx responses are declared first, so Chromium's "Failed to load
 * resource" line for them is not counted as an error.
 */
export class Tab {
  private errors: string[] = [];
  private expected = new Set<string>();
  private navigations = 0;
  readonly javaScript: boolean;

  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly baseUrl: string,
    private readonly findings: Findings,
    javaScript: boolean,
  ) {
    this.javaScript = javaScript;
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      const status = /status of (\d{3})/.exec(message.text())?.[1];
      if (status && this.expected.has(`${status} ${message.location().url}`)) return;
      this.errors.push(`console error: ${message.text()} (${message.location().url})`);
    });
    page.on('pageerror', (error) => this.errors.push(`uncaught exception: ${error.message}`));
    // Document requests, not `framenavigated`: htmx's history calls fire that one without a page load.
    page.on('request', (request) => {
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) this.navigations++;
    });
    page.on('requestfailed', (request) => {
      const failure = request.failure()?.errorText ?? '';
      // Aborted requests are normal when a page navigates away mid-load.
      if (!failure.includes('ERR_ABORTED')) this.errors.push(`request failed: ${request.method()} ${request.url()} ${failure}`);
    });
  }

  static async open(browser: Browser, baseUrl: string, findings: Findings, options: BrowserContextOptions = {}) {
    const context = await browser.newContext({ locale: 'en-GB', baseURL: baseUrl, ...options });
    // A CSP violation is reported as an event in the page; console.error makes it visible here.
    await context.addInitScript(`document.addEventListener('securitypolicyviolation', (e) =>
      console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));`);
    const page = await context.newPage();
    return new Tab(context, page, baseUrl, findings, options.javaScriptEnabled !== false);
  }

  url(path: string) {
    return new URL(path, this.baseUrl).href;
  }

  /** Lets a 4xx response for `path` (or a URL) through without counting its console line. */
  expectStatus(path: string, status: number) {
    this.expected.add(`${status} ${this.url(path)}`);
  }

  /** Navigates, checks the status, then runs `check`. */
  async visit(path: string, label: string, status = 200) {
    if (status >= 400) this.expectStatus(path, status);
    const response = await this.page.goto(path);
    equal(response?.status(), status, `GET ${path} status`);
    await this.check(label);
    return response!;
  }

  /** Console errors and CSP violations since the last check, then axe-core on the page as it is now. */
  async check(label: string) {
    await this.page.waitForLoadState('load');
    const where = `${label} (${this.page.url().replace(this.baseUrl, '')})`;
    for (const error of this.errors.splice(0)) this.findings.add(`${where}: ${error}`);
    if (this.javaScript) {
      // htmx comes from our own /assets and runs under the CSP, or the in-place swaps cannot work.
      const htmx = await this.page.evaluate(`typeof htmx === 'object' && !!document.querySelector('script[src^="/assets/htmx"]')`);
      if (!htmx) this.findings.add(`${where}: htmx is not loaded from /assets`);
    }
    for (const v of await this.runAxe()) {
      const nodes = v.nodes.map((n) => `- ${n.target}: ${n.summary?.split('\n').slice(1).join(' ').trim()}`).join('\n');
      this.findings.add(`${where}: axe ${v.id} (${v.impact}): ${v.help}\n${nodes}`);
    }
  }

  /**
   * axe-core on this page. It runs inside the page, so with JavaScript off (its promise never
   * settles there) it runs on the same URL in a JavaScript-enabled copy of this context instead.
   */
  private async runAxe(): Promise<AxeViolation[]> {
    if (this.javaScript) return axeViolations(this.page);
    const copy = await this.context.browser()!.newContext({
      locale: 'en-GB',
      baseURL: this.baseUrl,
      storageState: await this.context.storageState(),
    });
    try {
      const page = await copy.newPage();
      await page.goto(this.page.url());
      return await axeViolations(page);
    } finally {
      await copy.close();
    }
  }

  /** Leaves a marker on `window` and counts navigations, so a step can prove no page load happened. */
  async markPage() {
    await this.page.evaluate('window.__e2eMarker = "kept"');
    const before = this.navigations;
    return async (step: string) => {
      const marker = await this.page.evaluate('window.__e2eMarker');
      equal(marker, 'kept', `${step}: window marker survives (no page load)`);
      equal(this.navigations, before, `${step}: no document was requested`);
    };
  }

  async text(selector: string) {
    return ((await this.page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async attribute(selector: string, name: string) {
    return this.page.locator(selector).first().getAttribute(name);
  }

  async close() {
    for (const error of this.errors.splice(0)) this.findings.add(`after last check: ${error}`);
    await this.context.close();
  }
}

type AxeViolation = { id: string; impact: string; help: string; nodes: { target: string; summary?: string }[] };

async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // The app's CSP (script-src 'self') refuses an injected <script>; evaluate is not subject to it.
  await page.evaluate(axeSource);
  return (await page.evaluate(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(AXE_TAGS)} }, resultTypes: ['violations'] })
      .then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })) })))`,
  )) as AxeViolation[];
}

export class AssertionError extends Error {}

export function equal<T>(actual: T, expected: T, what: string) {
  if (actual !== expected) {
    throw new AssertionError(`${what}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(actual)}`);
  }
}

export function ok(condition: unknown, what: string) {
  if (!condition) throw new AssertionError(what);
}

export function includes(haystack: string, needle: string, what: string) {
  if (!haystack.includes(needle)) {
    throw new AssertionError(`${what}: expected to contain ${JSON.stringify(needle)}, saw ${JSON.stringify(haystack)}`);
  }
}

/** A trainer nobody has used before, so runs repeat on an existing database. */
export function freshTrainer(label: string) {
  const id = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  return { name: `E2E ${label} ${id}`, email: `e2e-${label}-${id}@example.org`, password: `e2e-password-${id}` };
}
export type Trainer = ReturnType<typeof freshTrainer>;
