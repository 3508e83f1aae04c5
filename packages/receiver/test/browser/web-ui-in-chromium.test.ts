import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { FREE_PORTS, type Receiver, startReceiver } from '../../src';
import { BULK_TRACES, exportBulk, exportLate, exportOldCall, exportSamples, exportWide, FRONTEND, GREETER, type SentTraces, startLateTrace, WIDE_SPANS } from './traces';

/** Debian's chromium, as `.ci/run` installs it; flags that keep it from reaching the network. */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = join(__dirname, 'screenshots');
const PAGE_SIZE = 20;
/** The little of the DOM the page functions below touch (the tests compile without lib dom). */
type Tagged = { getAttribute(name: string): string | null };
type Styled = { style: { paddingLeft: string } };
type WithStyles = { getComputedStyle(element: unknown): { backgroundColor: string } };

describe('the web UI in Chromium', () => {
  const profile = mkdtempSync(join(tmpdir(), 'kit-chromium-'));
  let receiver: Receiver;
  let browser: BrowserContext;
  let page: Page;
  let sent: SentTraces;
  let wideTraceId: string;
  let base: string;
  /** express-frontend's colour on the first trace page, before other services arrive. */
  let frontendColor: string;

  const shot = (name: string, target = page): Promise<Buffer> => target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
  /** The waterfall's span rows, as span ids in display order. */
  const rowIds = (): Promise<Array<string | null>> => page.locator('.wf-row[data-span-id]').evaluateAll((rows: Tagged[]) => rows.map((row) => row.getAttribute('data-span-id')));
  /** Each matched element's left padding, in px: how deep the waterfall indents it. */
  const indents = (selector: string): Promise<number[]> => page.locator(selector).evaluateAll((names: Styled[]) => names.map((name) => parseFloat(name.style.paddingLeft)));

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (as .ci/run does)`);
    mkdirSync(SCREENSHOTS, { recursive: true });
    receiver = await startReceiver({ ...FREE_PORTS, maxTraces: 2 * BULK_TRACES, log: () => {} });
    base = `http://127.0.0.1:${receiver.ports.ui}`;
    const url = `http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces`;
    // Oldest first: the bulk, then the wide trace, then the samples' (newest, at the top of the list).
    await exportBulk(url);
    wideTraceId = await exportWide(url);
    sent = await exportSamples(url);
    await receiver.waitForSpans((spans) => spans.length === BULK_TRACES + WIDE_SPANS + 6);
    browser = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: FLAGS, viewport: { width: 1280, height: 800 } });
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await receiver?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('lists the newest traces one page at a time, and pages through a full store', async () => {
    const started = Date.now();
    await page.goto(`${base}/`);
    await expect(page.locator('.results h2').textContent()).resolves.toBe(`Traces 1–${PAGE_SIZE} of ${BULK_TRACES + 4}`);
    // Responsive with a full store: one page of summaries, never every trace (generous: the box is shared).
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await page.locator('.trace-row').count()).toBe(PAGE_SIZE);
    // Newest first: the follow-up and the orphan were sent last (by two SDKs: in either order), the bulk first.
    const titles = await page.locator('.trace-row .trace-title').allTextContents();
    expect(titles.slice(0, 2).sort()).toEqual([`${FRONTEND}: notify 📬 Zürich`, `${GREETER}: orphan ✉ 東京`]);
    expect(titles[2]).toBe(`${FRONTEND}: GET /hello`);
    expect(titles.slice(4)).toEqual(Array.from({ length: PAGE_SIZE - 4 }, (_, i) => `bulk: job ${BULK_TRACES - 1 - i}`));
    await shot('search-1280');
    await page.getByRole('link', { name: 'Older →' }).click();
    await expect(page.locator('.results h2').textContent()).resolves.toBe(`Traces 21–40 of ${BULK_TRACES + 4}`);
    expect(new URL(page.url()).searchParams.get('offset')).toBe('20');
  });

  it('searches by service with the form, and shows a row per trace with its counts', async () => {
    await page.goto(`${base}/search`);
    await page.locator('#f-service option', { hasText: GREETER }).waitFor({ state: 'attached' });
    await page.selectOption('#f-service', GREETER);
    await page.getByRole('button', { name: 'Find traces' }).click();
    await page.waitForURL(`${base}/search?service=${GREETER}&limit=${PAGE_SIZE}`);
    await expect(page.locator('.results h2').textContent()).resolves.toBe('Traces 1–2 of 2');
    const hello = page.locator(`[data-trace-id="${sent.hello.traceId}"]`);
    await expect(hello.locator('.trace-title').textContent()).resolves.toBe(`${FRONTEND}: GET /hello`);
    await expect(hello.locator('.trace-facts').textContent()).resolves.toMatch(/^4 spans2 errors/);
    // The root's service first.
    expect(await hello.locator('.service-chip').allTextContents()).toEqual([`${FRONTEND} (2)`, `${GREETER} (2)`]);
    // The labels over the form's first row line up, over selects and text fields alike.
    const labelTops = await page.locator('.search-form label').evaluateAll((labels: Array<{ getBoundingClientRect(): { top: number } }>) => labels.slice(0, 6).map((label) => label.getBoundingClientRect().top));
    expect(new Set(labelTops).size).toBe(1);
    await expect(page.locator(`[data-trace-id="${sent.orphan.traceId}"] .missing-badge`).textContent()).resolves.toBe('1 missing parent');
  });

  it('narrows by operation, duration and time range, and says why a search is refused', async () => {
    const titles = (): Promise<string[]> => page.locator('.trace-row .trace-title').allTextContents();
    await page.goto(`${base}/search?service=${GREETER}&operation=${encodeURIComponent('SELECT greetings')}`);
    await page.locator('.trace-row').first().waitFor();
    expect(await titles()).toEqual([`${FRONTEND}: GET /hello`]);
    await expect(page.locator('#f-operation').inputValue()).resolves.toBe('SELECT greetings');
    // GET /hello lasts over 13 ms and its client span over 10 ms (the samples sleep that long); the rest, µs.
    await page.goto(`${base}/search?service=${FRONTEND}&minDuration=10ms`);
    await page.locator('.trace-row').first().waitFor();
    expect(await titles()).toEqual([`${FRONTEND}: GET /hello`]);
    await page.goto(`${base}/search?service=${FRONTEND}&maxDuration=5ms&lookback=1h`);
    await page.locator('.trace-row').first().waitFor();
    expect(await titles()).toEqual([`${FRONTEND}: notify 📬 Zürich`]);
    await expect(page.locator('#f-lookback').inputValue()).resolves.toBe('1h');
    // limit=0 means every trace to the API: the list still asks for one page.
    await page.goto(`${base}/search?limit=0`);
    await page.locator('.trace-row').first().waitFor();
    expect(await page.locator('.trace-row').count()).toBe(PAGE_SIZE);
    await page.goto(`${base}/search?minDuration=soon`);
    await expect(page.getByRole('alert').textContent()).resolves.toMatch(/^Cannot search: .*minDuration/);
    await page.goto(`${base}/trace/0123456789abcdef0123456789abcdef`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Trace not found');
  });

  it('searches by tag, and shows a new trace without a reload', async () => {
    await page.goto(`${base}/search`);
    await page.fill('#f-tags', 'http.route=/hello user.id=u-42');
    await page.keyboard.press('Enter');
    await expect(page.locator('.results h2').textContent()).resolves.toBe('Traces 1–1 of 1');
    await expect(page.locator('.trace-row').getAttribute('data-trace-id')).resolves.toBe(sent.hello.traceId);

    await page.goto(`${base}/search?service=${FRONTEND}`);
    await page.locator('.trace-row').first().waitFor();
    await page.evaluate('window.stayed = true');
    const lateId = await exportLate(`http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces`, 'late arrival ✨');
    await page.locator(`[data-trace-id="${lateId}"]`).waitFor();
    expect(await page.evaluate('window.stayed')).toBe(true);
    await expect(page.locator('.trace-row').first().getAttribute('data-trace-id')).resolves.toBe(lateId);

    // Past the first page the rows stay put, and a link offers the newest.
    await page.goto(`${base}/search?offset=${PAGE_SIZE}`);
    await page.locator('.trace-row').nth(PAGE_SIZE - 1).waitFor();
    const rows = await page.locator('.trace-row').evaluateAll((links: Tagged[]) => links.map((link) => link.getAttribute('data-trace-id')));
    await exportLate(`http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces`, 'later still');
    await page.getByRole('link', { name: 'show the newest' }).waitFor();
    expect(await page.locator('.trace-row').evaluateAll((links: Tagged[]) => links.map((link) => link.getAttribute('data-trace-id')))).toEqual(rows);
  });

  it('opens a trace from its row with the keyboard: the waterfall in tree order, ticks, error marks', async () => {
    await page.goto(`${base}/search?service=${GREETER}`);
    await page.locator(`[data-trace-id="${sent.hello.traceId}"]`).focus();
    await shot('search-row-focused-1280');
    await page.keyboard.press(' ');
    await page.waitForURL(`${base}/trace/${sent.hello.traceId}`);
    await page.locator('.wf-row[data-span-id]').first().waitFor();
    // express-frontend GET /hello > client SayHello > grpc-greeter SayHello > SELECT greetings
    expect(await rowIds()).toEqual(sent.hello.spanIds);
    const depths = await indents('.wf-row[data-span-id] .wf-name');
    expect(depths).toEqual([...depths].sort((a, b) => a - b));
    expect(new Set(depths).size).toBe(4);
    expect(await page.locator('.wf-axis .tick').count()).toBe(5);
    const errors = await page.locator('.wf-row.error').evaluateAll((rows: Tagged[]) => rows.map((row) => row.getAttribute('data-span-id')));
    expect(errors).toEqual(sent.hello.spanIds.slice(2));
    // A colour per service: the two services of the trace differ.
    const colors = await page.locator('.wf-row[data-span-id] .bar').evaluateAll((bars: unknown[]) => bars.map((bar) => (globalThis as unknown as WithStyles).getComputedStyle(bar).backgroundColor));
    expect(colors[0]).toBe(colors[1]);
    expect(colors[2]).toBe(colors[3]);
    expect(colors[0]).not.toBe(colors[2]);
    frontendColor = colors[0];
    // The legend in tree order: the root's service first.
    expect(await page.locator('.trace-head .legend .service-chip').allTextContents()).toEqual([FRONTEND, GREETER]);
    await shot('trace-1280');
  });

  it('collapses and expands a subtree with Enter and Space', async () => {
    const toggle = page.locator(`[data-focus="toggle-${sent.hello.spanIds[1]}"]`);
    await toggle.focus();
    await page.keyboard.press('Enter');
    expect(await rowIds()).toEqual(sent.hello.spanIds.slice(0, 2));
    await expect(page.locator(`[data-focus="toggle-${sent.hello.spanIds[1]}"]`).getAttribute('aria-expanded')).resolves.toBe('false');
    await page.keyboard.press(' ');
    expect(await rowIds()).toEqual(sent.hello.spanIds);
    await expect(page.locator(`[data-focus="toggle-${sent.hello.spanIds[1]}"]`).getAttribute('aria-expanded')).resolves.toBe('true');
  });

  it('reaches the waterfall with Tab alone, in reading order, and opens a span with Enter', async () => {
    await page.goto(`${base}/trace/${sent.hello.traceId}`);
    await page.locator('.wf-row[data-span-id]').first().waitFor();
    const focusOrder: string[] = [];
    for (let i = 0; i < 12 && !focusOrder.includes(`name-${sent.hello.spanIds[0]}`); i++) {
      await page.keyboard.press('Tab');
      focusOrder.push(await page.evaluate('document.activeElement.dataset.focus || document.activeElement.textContent'));
    }
    // The top links, the trace's JSON, its two views, then the root's toggle and name.
    expect(focusOrder).toEqual(['kit-receiver', 'Search', 'Service map', 'JSON', 'Timeline', 'Graph', `toggle-${sent.hello.spanIds[0]}`, `name-${sent.hello.spanIds[0]}`]);
    await page.keyboard.press('Enter');
    await page.locator(`#detail-${sent.hello.spanIds[0]}`).waitFor();
    await page.keyboard.press('Enter');
    expect(await page.locator('.span-detail').count()).toBe(0);
  });

  it("opens a span's detail: kind, status, tags, logs from the trace start, process", async () => {
    const select = sent.hello.spanIds[3];
    await page.locator(`[data-focus="name-${select}"]`).click();
    const detail = page.locator(`#detail-${select}`);
    await expect(detail.locator('.facts').textContent()).resolves.toMatch(
      new RegExp(`^Service${GREETER}KindclientStatusERROR: relation "greetings" does not existStart\\+\\d+(\\.\\d+)? ms`),
    );
    await expect(detail.getByRole('row', { name: 'db.system.name postgresql' }).count()).resolves.toBe(1);
    await expect(detail.locator('.logs caption').textContent()).resolves.toMatch(/^\+\d+(\.\d+)? ms {2}exception$/);
    await expect(detail.locator('.logs').getByRole('row', { name: 'exception.message relation "greetings" does not exist' }).count()).resolves.toBe(1);
    await expect(detail.locator('caption', { hasText: `Process: ${GREETER}` }).count()).resolves.toBe(1);
    await expect(detail.getByRole('row', { name: 'host.name testhost' }).count()).resolves.toBe(1);
    await detail.scrollIntoViewIfNeeded();
    await shot('span-detail-1280');
  });

  it('draws the graph of spans with ChildOf edges', async () => {
    await page.getByRole('link', { name: 'Graph' }).click();
    await page.locator('svg.span-graph').waitFor();
    expect(await page.locator('.g-span').count()).toBe(4);
    expect(await page.locator('.g-child').count()).toBe(3);
    expect(await page.locator('.g-span.error').count()).toBe(2);
    await shot('graph-1280');
  });

  it('follows a FollowsFrom reference into the linked trace, from the detail and from the graph', async () => {
    await page.goto(`${base}/trace/${sent.followUp.traceId}?span=${sent.followUp.spanId}`);
    const reference = page.locator(`#detail-${sent.followUp.spanId} .references a`);
    // Named as the span it leads to, fetched from the linked trace.
    await expect(reference.textContent()).resolves.toBe(`${FRONTEND}: GET /hello (trace ${sent.hello.traceId.slice(0, 16)}…)`);
    await expect(page.locator(`#detail-${sent.followUp.spanId} .references li`).textContent()).resolves.toMatch(/^FollowsFrom /);
    await reference.click();
    await page.waitForURL(`${base}/trace/${sent.hello.traceId}?span=${sent.hello.spanIds[0]}`);
    await page.locator(`#detail-${sent.hello.spanIds[0]}`).waitFor();

    await page.goto(`${base}/trace/${sent.followUp.traceId}?view=graph`);
    await page.locator('svg.span-graph').waitFor();
    expect(await page.locator('.g-follows').count()).toBe(1);
    await expect(page.locator('a.g-external').textContent()).resolves.toBe(`GET /hello${FRONTEND}, trace ${sent.hello.traceId.slice(0, 8)}…`);
    await shot('graph-follows-from-1280');
    await page.evaluate('window.stayed = "graph"');
    await page.locator('a.g-external').click();
    await page.waitForURL(`${base}/trace/${sent.hello.traceId}?span=${sent.hello.spanIds[0]}`);
    // Followed in the page, as HTML links are: no reload.
    expect(await page.evaluate('window.stayed')).toBe('graph');
  });

  it('shows a parent that was never received as missing, not as a new root', async () => {
    await page.goto(`${base}/trace/${sent.orphan.traceId}`);
    await expect(page.locator('.wf-missing').textContent()).resolves.toBe(`?parent ${sent.orphan.parentSpanId} not received`);
    const [rootIndent] = await indents('.wf-row[data-span-id] .wf-name');
    expect(rootIndent).toBeGreaterThan(4);
    await shot('missing-parent-1280');
    await page.getByRole('link', { name: 'Graph' }).click();
    await expect(page.locator('.g-missing').textContent()).resolves.toBe(`parent not received${sent.orphan.parentSpanId}`);
  });

  it('follows an open trace as its spans arrive, keeping what was collapsed, opened and scrolled', async () => {
    const late = await startLateTrace(`http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces`);
    const { checkout, loadCart, selectCart, reserveStock, updateStock, audit } = late.ids;
    // Short, so that the page scrolls.
    await page.setViewportSize({ width: 1280, height: 400 });
    // Opened before any of its spans arrived: the trace shows once they do.
    await page.goto(`${base}/trace/${late.traceId}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Trace not found');
    await late.sendFirst();
    await page.locator('.wf-row[data-span-id]').nth(3).waitFor({ timeout: 20_000 });
    expect(await rowIds()).toEqual([checkout, loadCart, selectCart, updateStock]);
    await expect(page.locator('.wf-missing').textContent()).resolves.toBe(`?parent ${reserveStock} not received`);
    await page.locator(`[data-focus="toggle-${loadCart}"]`).click();
    await page.locator(`[data-focus="name-${checkout}"]`).click();
    await page.locator(`#detail-${checkout}`).waitFor();
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    const scrolled = await page.evaluate('window.scrollY');
    expect(scrolled).toBeGreaterThan(0);
    await page.evaluate('window.stayed = true');

    await late.finish();
    // Polled as the search list is (every 2 s): generous, the box is shared.
    await page.locator(`.wf-row[data-span-id="${audit}"]`).waitFor({ timeout: 20_000 });
    expect(await page.evaluate('window.stayed')).toBe(true);
    // The late parent takes its child under it; the "not received" row is gone.
    expect(await rowIds()).toEqual([checkout, loadCart, reserveStock, updateStock, audit]);
    expect(await page.locator('.wf-missing').count()).toBe(0);
    const [, , reserveIndent, updateIndent, auditIndent] = await indents('.wf-row[data-span-id] .wf-name');
    expect(updateIndent).toBeGreaterThan(reserveIndent);
    expect(auditIndent).toBe(reserveIndent);
    // What the reader did stays: load cart collapsed, checkout's detail open, the page where it was.
    await expect(page.locator(`[data-focus="toggle-${loadCart}"]`).getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await page.locator(`#detail-${checkout}`).count()).toBe(1);
    expect(await page.evaluate('window.scrollY')).toBe(scrolled);
    await shot('late-spans-1280x400');
    await page.setViewportSize({ width: 1280, height: 800 });
  }, 60_000);

  it('draws the service map with call and error counts', async () => {
    await page.getByRole('link', { name: 'Service map' }).click();
    await page.waitForURL(`${base}/map`);
    await page.locator('svg.service-graph').waitFor();
    expect(await page.locator('table.calls tbody td').allTextContents()).toEqual([FRONTEND, GREETER, '1', '1']);
    await expect(page.locator('.m-edge text').textContent()).resolves.toBe('1 call, 1 error');
    await shot('service-map-1280');
    await page.getByRole('link', { name: `Traces of ${GREETER}` }).click();
    await page.waitForURL(`${base}/search?service=${GREETER}`);
    await expect(page.locator('.results h2').textContent()).resolves.toBe('Traces 1–2 of 2');
  });

  it('narrows the service map to a time range, and says which', async () => {
    await exportOldCall(`http://127.0.0.1:${receiver.ports.otlpHttp}/v1/traces`, 2);
    const callers = (): Promise<string[]> => page.locator('table.calls tbody tr td:first-child').allTextContents();
    await page.goto(`${base}/map`);
    await page.locator('.hint', { hasText: 'at any time' }).waitFor();
    expect((await callers()).sort()).toEqual(['cron', FRONTEND]);
    await page.selectOption('#m-lookback', '1h');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(`${base}/map?lookback=1h`);
    await page.locator('.hint', { hasText: 'in the last hour' }).waitFor();
    expect(await callers()).toEqual([FRONTEND]);
    await shot('service-map-last-hour-1280');
    // Wider again: the call of two hours ago is back.
    // From the keyboard too.
    await page.selectOption('#m-lookback', '6h');
    await page.locator('#m-lookback').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.locator('.hint', { hasText: 'in the last 6 hours' }).waitFor();
    expect((await callers()).sort()).toEqual(['cron', FRONTEND]);
    await page.goto(`${base}/map?lookback=soon`);
    await expect(page.getByRole('alert').textContent()).resolves.toBe('Unknown time range "soon": showing calls at any time.');
  });

  it('shows a 1,000-span trace, and collapses it', async () => {
    await page.goto(`${base}/trace/${wideTraceId}`);
    await page.locator('.wf-row[data-span-id]').nth(WIDE_SPANS - 1).waitFor();
    expect(await page.locator('.wf-row[data-span-id]').count()).toBe(WIDE_SPANS);
    await page.locator('.toggle').first().click();
    expect(await page.locator('.wf-row[data-span-id]').count()).toBe(1);
    await page.getByRole('link', { name: 'Graph' }).click();
    await page.locator('svg.span-graph').waitFor();
    expect(await page.locator('.g-span').count()).toBe(WIDE_SPANS);
    expect(await page.locator('.g-child').count()).toBe(WIDE_SPANS - 1);
  });

  it('opens deep links in a new tab, and fits a 420 px window', async () => {
    const tab = await browser.newPage();
    await tab.setViewportSize({ width: 420, height: 800 });
    await tab.goto(`${base}/trace/${sent.hello.traceId}`);
    // Services arrived since the first trace page (shop, cron, ledger): express-frontend keeps its colour.
    const rootBar = tab.locator('.wf-row[data-span-id] .bar').first();
    expect(await rootBar.evaluate((bar: unknown) => (globalThis as unknown as WithStyles).getComputedStyle(bar).backgroundColor)).toBe(frontendColor);
    await tab.locator(`[data-focus="name-${sent.hello.spanIds[3]}"]`).click();
    await tab.locator(`#detail-${sent.hello.spanIds[3]}`).waitFor();
    expect(await tab.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(420);
    await shot('trace-420', tab);
    await tab.goto(`${base}/search?service=${encodeURIComponent(GREETER)}`);
    await expect(tab.locator('.results h2').textContent()).resolves.toBe('Traces 1–2 of 2');
    await expect(tab.locator('#f-service').inputValue()).resolves.toBe(GREETER);
    // Nothing wider than the window: no sideways scrolling.
    expect(await tab.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(420);
    await shot('search-420', tab);
    await tab.close();
  });
});
