import { type Browser, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, headless, never downloading anything; one tablet-sized page. */
export async function openChromium(viewport = { width: 1024, height: 768 }): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
  // A context of its own: axe-core's Playwright runner needs one to open its checks in. Reduced
  // motion: a dialog is checked as the user reads it, not halfway through fading in.
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  return { browser, page: await context.newPage() };
}
