/** The theme switch: cycles, applies at once, survives a reload, stores no cookie. */
import { expect, test } from '@playwright/test';
import { baseUrl } from './support.ts';

test('the theme switch cycles System → Light → Dark and is remembered in localStorage only', async ({ page, context }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(`${baseUrl()}/`);
  const toggle = page.locator('.theme-toggle[data-hydrated="true"]');
  await expect(toggle).toHaveAccessibleName(/Theme: System/);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const lightBackground = await background();

  await toggle.click();
  await expect(toggle).toHaveAccessibleName(/Theme: Light/);
  await toggle.press('Enter');
  await expect(toggle).toHaveAccessibleName(/Theme: Dark/);
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  expect(await background()).not.toBe(lightBackground);

  await page.reload();
  // Applied by the hashed inline script before first paint, then reflected by the island.
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(page.locator('.theme-toggle[data-hydrated="true"]')).toHaveAccessibleName(/Theme: Dark/);
  expect(await page.evaluate(() => localStorage.getItem('imglio-theme'))).toBe('dark');
  expect(await context.cookies()).toEqual([]);

  await page.locator('.theme-toggle').click();
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  expect(await page.evaluate(() => localStorage.getItem('imglio-theme'))).toBeNull();
});
