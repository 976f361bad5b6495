import { mkdirSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { TestSystem, launchChromium, newPhonePage, waitFor, type TestWorkspace } from '@app/testing';

// Starts the whole system and a browser; the project's testTimeout does not reach suites run by path.
jest.setTimeout(120000);

const SHOTS = join(process.cwd(), 'test-output', 'viewer');
const PHONE = '+14155550188';

/** WCAG contrast ratio of two computed CSS colours (rgb/rgba). */
const CONTRAST_FN = `(function (fg, bg) {
  function lum(c) {
    var m = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map(function (v) { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
    return 0.2126 * m[0] + 0.7152 * m[1] + 0.0722 * m[2];
  }
  var a = lum(fg), b = lum(bg);
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
})`;

describe('the viewer page in a real browser (Chromium via playwright-core)', () => {
  let system: TestSystem;
  let ws: TestWorkspace;
  let browser: Browser;
  let videoServer: Server;
  let videoUrl: string;
  const videoRequests: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // Where the video "lives": records that the browser fetched it, and with which headers.
    videoServer = createServer((req, res) => {
      videoRequests.push(req.headers);
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => videoServer.listen(0, '127.0.0.1', r));
    videoUrl = `http://127.0.0.1:${(videoServer.address() as AddressInfo).port}/videos/demo.mp4`;
    system = await TestSystem.start({ suite: 'viewerbrowser' });
    ws = await system.createWorkspace('Viewer');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
    await new Promise((r) => videoServer?.close(r));
  });

  const newPage = () => newPhonePage(browser);

  async function createLink(body: Record<string, unknown>): Promise<string> {
    const res = await system.api.post('/v1/links', { video: { id: 'vid_demo', title: 'Roof inspection', url: videoUrl }, ...body }, { token: ws.adminKey });
    expect(res.status).toBe(201);
    return res.body.url;
  }

  const activeId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const contrastOf = (page: Page, selector: string) =>
    page.evaluate(
      ([sel, fn]) => {
        const el = document.querySelector(sel)!;
        const style = getComputedStyle(el);
        let bgEl: Element | null = el;
        let bg = 'rgba(0, 0, 0, 0)';
        while (bgEl && /rgba\(0, 0, 0, 0\)|transparent/.test(bg)) {
          bg = getComputedStyle(bgEl).backgroundColor;
          bgEl = bgEl.parentElement;
        }
        if (/rgba\(0, 0, 0, 0\)|transparent/.test(bg)) bg = 'rgb(255, 255, 255)';
        return (0, eval)(fn)(style.color, bg) as number;
      },
      [selector, CONTRAST_FN] as const,
    );

  it('opens a public_2fa link at 360 px, sends a code to a typed phone, rejects a wrong code, then plays the video', async () => {
    const url = await createLink({ type: 'public_2fa', allowedRecipients: [{ phone: PHONE }] });
    const { page, problems } = await newPage();
    const response = await page.goto(url);
    expect(response!.status()).toBe(200);
    expect(response!.headers()['content-security-policy']).toContain("default-src 'self'");
    expect(response!.headers()['referrer-policy']).toBe('no-referrer');

    // Step 1: the destination, with a visible label; focus is in the field.
    await page.waitForSelector('#dest-input', { state: 'visible' });
    expect(await page.textContent('h1')).toBe('Roof inspection');
    expect(await page.textContent('label[for="dest-input"]')).toMatch(/phone number or email/i);
    expect(await activeId(page)).toBe('dest-input');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await page.screenshot({ path: join(SHOTS, '01-destination.png'), fullPage: true });

    // Keyboard only: type and press Enter.
    await page.keyboard.type(PHONE);
    await page.keyboard.press('Enter');

    // Step 2: where the code went, the code field, resend waiting out its cooldown.
    await page.waitForSelector('#code-input', { state: 'visible' });
    expect(await page.textContent('#code-to')).toBe('+1••••••0188');
    expect(await activeId(page)).toBe('code-input');
    const input = await page.$eval('#code-input', (el) => ({
      autocomplete: el.getAttribute('autocomplete'),
      inputmode: el.getAttribute('inputmode'),
      pattern: el.getAttribute('pattern'),
      label: document.querySelector('label[for="code-input"]')?.textContent,
    }));
    expect(input).toEqual({ autocomplete: 'one-time-code', inputmode: 'numeric', pattern: '[0-9]*', label: 'One-time code' });
    expect(await page.isDisabled('#resend')).toBe(true);
    expect(await page.textContent('#resend')).toMatch(/^Resend code \(\d+ s\)$/);
    expect(await page.getAttribute('#message', 'aria-live')).toBe('polite');
    await page.screenshot({ path: join(SHOTS, '02-code-sent.png'), fullPage: true });

    await system.twilio.waitForMessages(1, { to: PHONE });
    const code = system.twilio.lastCodeFor(PHONE)!;
    const wrong = code === '000000' ? '111111' : '000000';

    // A wrong code: the message says how many attempts are left.
    await page.keyboard.type(wrong);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => /attempts? left/.test(document.getElementById('message')!.textContent ?? ''));
    expect(await page.textContent('#message')).toBe('That code is not right. 4 attempts left.');
    expect(await page.getAttribute('#message', 'class')).toContain('error');
    expect(await page.inputValue('#code-input')).toBe('');
    expect(await contrastOf(page, '#message')).toBeGreaterThanOrEqual(4.5);
    await page.screenshot({ path: join(SHOTS, '03-wrong-code.png'), fullPage: true });

    // The right one, pasted with a space as people do: only the digits are kept.
    await page.fill('#code-input', `${code.slice(0, 3)} ${code.slice(3)}`);
    expect(await page.inputValue('#code-input')).toBe(code);
    await page.keyboard.press('Enter');
    await page.waitForSelector('video[src]', { state: 'visible' });
    expect(await page.getAttribute('video', 'src')).toBe(videoUrl);
    expect(await page.getAttribute('video', 'controls')).not.toBeNull();
    expect(await activeId(page)).toBe('video-heading');
    await page.screenshot({ path: join(SHOTS, '04-video.png'), fullPage: true });

    // The browser asked the video host for it, without a Referer carrying the link token.
    await waitFor('the browser to fetch the video', async () => videoRequests.length > 0);
    expect(videoRequests.every((h) => h.referer === undefined)).toBe(true);

    // Nothing landed in the URL, and nothing is kept in storage.
    expect(page.url()).toBe(url);
    expect(page.url()).not.toContain(code);
    expect(await page.evaluate(() => [localStorage.length, sessionStorage.length, document.cookie])).toEqual([0, 0, '']);

    // Readable text: body copy, hints and buttons at 4.5:1 or better.
    for (const selector of ['h1', 'p', '.hint', '#code-submit', '#resend']) expect({ selector, ok: (await contrastOf(page, selector)) >= 4.5 }).toEqual({ selector, ok: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });

  it('shows the same "does not work" page for an unknown link, and plays a public link at once', async () => {
    const { page, problems } = await newPage();
    await page.goto(`${system.env.PUBLIC_BASE_URL}/s/${'Z'.repeat(43)}`);
    await page.waitForSelector('#step-gone', { state: 'visible' });
    expect(await activeId(page)).toBe('gone-heading');
    await page.screenshot({ path: join(SHOTS, '05-link-not-found.png'), fullPage: true });

    const url = await createLink({ type: 'public' });
    await page.goto(url);
    await page.waitForSelector('video[src]', { state: 'visible' });
    expect(await page.getAttribute('video', 'src')).toBe(videoUrl);
    await page.screenshot({ path: join(SHOTS, '06-public.png'), fullPage: true });
    expect(problems).toEqual([]);
    await page.context().close();
  });
});
