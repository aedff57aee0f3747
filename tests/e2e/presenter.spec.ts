import { test, expect } from './fixtures.ts';

test('presenter mode enlarges the type, is remembered, and can be switched off', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'the switch sits in the mobile menu; covered at desktop width');
  await page.goto('/lessons/01-why-network-policy/');
  const toggle = page.getByRole('button', { name: 'Presenter' });
  const fontSize = (): Promise<number> =>
    page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const before = await fontSize();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  expect(await fontSize()).toBeGreaterThan(before * 1.2);
  await page.goto('/');
  await expect(page.getByRole('button', { name: 'Presenter' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByRole('button', { name: 'Presenter' }).click();
  expect(await fontSize()).toBe(before);
});
