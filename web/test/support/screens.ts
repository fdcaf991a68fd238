import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** Where every screen's screenshots go (kept by CI, ignored by git). */
export const screensDir = join(import.meta.dirname, '..', '..', 'test-output', 'screens');

/** The sizes every screen is checked at: a shared workstation; the ED board also on a wall display. */
export const workstation = { width: 1366, height: 768 };
export const wallDisplay = { width: 1920, height: 1080 };

/**
 * The screen as it is now passes axe-core with no serious or critical violation, has one main
 * landmark and one h1, and is photographed at each size (the page is put back to its own size after).
 */
export async function checkScreen(page: Page, name: string, sizes: ReadonlyArray<{ width: number; height: number }> = [workstation]): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
  expect(await page.locator('main').count()).toBe(1);
  expect(await page.locator('h1').count()).toBe(1);
  mkdirSync(screensDir, { recursive: true });
  const own = page.viewportSize();
  for (const size of sizes) {
    await page.setViewportSize(size);
    await page.screenshot({ path: join(screensDir, `${name}-${size.width}x${size.height}.png`) });
  }
  if (own) await page.setViewportSize(own);
}

/** Signed in, the user lands on their role's own screen: its h1 and its URL. */
export async function landsOn(page: Page, title: string, path: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
  expect(new URL(page.url()).hash).toBe(`#${path}`);
}
