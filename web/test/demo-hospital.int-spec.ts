// The demo hospital as a visitor first sees it: the whole system, seeded by the launcher's own
// seed, and every demo user signed in from the sign-in screen. Each lands on their role's home
// with the seeded hospital on it, and every screen their top bar offers answers without a
// refusal, a failure or a stale warning: a screen a role is offered is a screen it may use.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createTestDatabase, type ServiceStack, startServiceStack, type TestDatabase } from '@ehr/platform/testing';
import { openChromium } from './support/chromium.js';
import { checkScreen, workstation } from './support/screens.js';

const repo = join(import.meta.dirname, '..', '..');

/** What each home shows of the seeded hospital (40 inpatients, 12 ED visits, 30 orders to verify, accounts in every queue). */
const seededOn: Record<string, { selector: string; atLeast: number }> = {
  beds: { selector: '[data-bed][data-status="occupied"]', atLeast: 30 },
  ed: { selector: '[data-visit]', atLeast: 10 },
  pharmacy: { selector: '[data-order]', atLeast: 1 },
  billing: { selector: '[data-account]', atLeast: 1 },
  coding: { selector: '[data-account]', atLeast: 1 },
};

describe('the demo hospital, signed in as each demo user', () => {
  let db: TestDatabase;
  let stack: ServiceStack;
  let browser: Browser;
  let page: Page;
  let users: Array<{ username: string; name: string; role: string }>;

  beforeAll(async () => {
    db = await createTestDatabase();
    stack = await startServiceStack({ repo, services: ['adt', 'orders', 'mar', 'ed', 'revenue'], databaseUrl: db.url, envFor: { gateway: { RATE_LIMIT_PER_MINUTE: '100000' } } });
    // The launcher's demo seed (scripts/ is not a workspace this one builds against): loaded at run time.
    const { seedDemoHospital } = (await import(join(repo, 'scripts', 'demo', 'seed.ts'))) as { seedDemoHospital(options: { gatewayUrl: string }): Promise<{ failed: number; created: number }> };
    const seeded = await seedDemoHospital({ gatewayUrl: stack.gateway.url });
    expect(seeded).toMatchObject({ failed: 0 });
    users = (await (await fetch(`${stack.gateway.url}/auth/demo-users`)).json()) as typeof users;
    ({ browser, page } = await openChromium(workstation));
  }, 600_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.drop();
  });

  /** The screen once its first answers are in: nothing is still loading. */
  async function settled(): Promise<void> {
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="updated"]')].some((e) => e.textContent === 'Loading…') && !document.body.innerText.includes('Loading '), undefined, { timeout: 15_000 });
  }

  /** What the screen says went wrong: refusals, failures, stale data. */
  const problems = () =>
    page.locator('.refused-alert, .stale, [role="alert"]').evaluateAll((alerts) => alerts.map((a) => (a as HTMLElement).innerText.trim()).filter((text) => /may not|refused|could not|out of date|forbidden|went wrong/i.test(text)));

  it('lands every demo user on their own work with the seeded hospital on it, and every screen they are offered answers', async () => {
    expect(users.length).toBeGreaterThanOrEqual(10);
    const visited: string[] = [];
    for (const user of users) {
      await page.goto(stack.gateway.url);
      await page.evaluate(() => sessionStorage.clear());
      await page.reload();
      await page.getByRole('button', { name: user.name }).click();
      await settled();
      // The sign-in is an httpOnly cookie: nothing a script in the page can read holds the token.
      expect(await page.evaluate(() => `${document.cookie} ${JSON.stringify(sessionStorage)} ${JSON.stringify(localStorage)}`)).not.toMatch(/eyJ|ehr_session/);
      const home = new URL(page.url()).hash.replace(/^#\//, '').split('/')[0]!;
      expect({ user: user.username, home, problems: await problems() }).toEqual({ user: user.username, home, problems: [] });
      const seeded = seededOn[home];
      if (seeded) await page.waitForFunction(({ selector, atLeast }) => document.querySelectorAll(selector).length >= atLeast, seeded, { timeout: 15_000 });
      if (home === 'beds') {
        // The bed board shows who lies in each bed only to those whose work needs it: not to an admin.
        expect(await page.locator('[data-bed] .patient').count()).toBe(user.role === 'admin' ? 0 : await page.locator('[data-bed][data-status="occupied"]').count());
      }
      await checkScreen(page, `home-${user.username}`);

      const offered = await page.getByRole('navigation', { name: 'Screens' }).getByRole('link').allInnerTexts();
      for (const label of offered) {
        await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: label, exact: true }).click();
        await settled();
        expect({ user: user.username, screen: label, problems: await problems() }).toEqual({ user: user.username, screen: label, problems: [] });
        visited.push(`${user.username}:${label}`);
      }
      await page.getByRole('button', { name: 'Sign out' }).click();
    }
    console.log(`${users.length} demo users, ${visited.length} offered screens answered without a refusal`);
  });
});
