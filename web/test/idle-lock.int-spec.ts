import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { openChromium } from './support/chromium.js';
import { checkScreen, landsOn, workstation } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');
/** The hospital's idle time, short enough to wait for here. */
const idleSeconds = 5;

describe('a shared workstation locks itself when nobody uses it', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt'], databaseUrl: db.url, envFor: { gateway: { SESSION_IDLE_SECONDS: String(idleSeconds) } } });
    ({ browser, page } = await openChromium(workstation));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  it('ends the session after the idle time, over the screen as it was, and the same user carries on with what they had typed', async () => {
    await page.goto(stack.gateway.url);
    await page.getByRole('button', { name: /Eve Martin/ }).click();
    await landsOn(page, 'Registration and coverage', '/register');
    const familyName = page.getByLabel('Family name').first();
    await familyName.fill('Hopper');
    // Typing keeps the screen open: half the idle time, a key, half again, and it is still unlocked.
    await page.waitForTimeout((idleSeconds * 1000) / 2);
    await familyName.press('End');
    await page.waitForTimeout((idleSeconds * 1000) / 2 + 500);
    expect(await page.getByRole('dialog').count()).toBe(0);

    const locked = page.getByRole('dialog', { name: 'Locked: the screen was not used' });
    await locked.waitFor({ timeout: idleSeconds * 1000 + 5_000 });
    expect(await locked.textContent()).toContain(`Nobody used this screen for ${idleSeconds} s, so it signed Eve Martin (Registration) out.`);
    await checkScreen(page, 'idle-lock');
    // The session ended at the gateway, not only on the screen: the cookie is gone.
    const cookies = await page.context().cookies();
    expect(cookies.map((c) => c.name)).not.toContain('ehr_session');

    await locked.getByRole('button', { name: 'Sign in again as Eve Martin (Registration)' }).click();
    await locked.waitFor({ state: 'detached' });
    expect(await familyName.inputValue()).toBe('Hopper');
    expect((await page.context().cookies()).map((c) => c.name)).toContain('ehr_session');
  });
});
