import { test, expect, axeViolations } from './fixtures.ts';
import { builtPages } from './pages.ts';

const pages = builtPages();

test('the build produced the pages this suite sweeps', () => {
  expect(pages).toContain('/');
  expect(pages).toContain('/lessons/01-why-network-policy/');
});

for (const theme of ['light', 'dark'] as const) {
  test.describe(`${theme} theme`, () => {
    test.use({ colorScheme: theme });
    for (const path of pages) {
      test(`${path} has no accessibility violations and no errors`, async ({ page, problems, isMobile }) => {
        // axe takes seconds per page under software rendering: phones are swept in the light theme only.
        test.skip(isMobile && theme === 'dark', 'dark theme is swept at desktop width');
        // Lessons with several sandboxes take axe tens of seconds on a loaded 2-core machine.
        test.setTimeout(180_000);
        const response = await page.goto(path);
        expect(response?.status()).toBe(200);
        await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
        expect(await axeViolations(page)).toEqual([]);
        expect(problems.errors).toEqual([]);
      });
    }
  });
}

test('the landing page offers the course and the playground', async ({ page }) => {
  await page.goto('/');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Learn Kubernetes network policy by doing' }),
  ).toBeVisible();
  await expect(page.getByRole('img', { name: /namespaces and the internet/ })).toBeVisible();
  await page.getByRole('link', { name: 'Start the course' }).click();
  await expect(page).toHaveURL(/\/lessons\/01-why-network-policy\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Why network policy' })).toBeVisible();
});

test('lesson 1 shows the e-commerce diagram and a policy example', async ({ page }) => {
  await page.goto('/lessons/01-why-network-policy/');
  await expect(
    page.getByRole('img', { name: /compromised product-search pod reaches only product-db/ }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Least privilege and the blast radius' })).toBeVisible();
  await expect(page.locator('pre').filter({ hasText: 'kind: NetworkPolicy' }).first()).toBeVisible();
});

test('an unknown address shows the 404 page with a way back', async ({ page, problems }) => {
  problems.allow(/status of 404/, 'the test opens a missing page on purpose; the browser logs the 404');
  const response = await page.goto('/no-such-page/');
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.getByRole('link', { name: 'Go to the home page' }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('search opens from the header and finds lesson 1', async ({ page, isMobile }) => {
  await page.goto('/');
  // Its name says what the button shows, shortcut hint included (label in name, WCAG 2.5.3).
  const open = page.getByRole('button', { name: 'Search Ctrl K', exact: true });
  await expect(open).toHaveAccessibleName('Search Ctrl K');
  if (!isMobile) await expect(open).toContainText(/Search\s+Ctrl\s+K/);
  await open.click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByRole('textbox', { name: 'Search' }).fill('blast radius');
  await expect(dialog.getByRole('link', { name: /Why network policy/ }).first()).toBeVisible({
    timeout: 10_000,
  });
  test.info().annotations.push({ type: 'viewport', description: isMobile ? 'phone' : 'desktop' });
});

test('the theme switch changes the theme', async ({ page, isMobile }) => {
  test.skip(isMobile, 'the theme picker sits in the mobile menu; covered on desktop');
  await page.goto('/lessons/01-why-network-policy/');
  await page.getByRole('combobox', { name: 'Select theme' }).first().selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
});

test('the mobile menu opens the course navigation', async ({ page, isMobile }) => {
  test.skip(!isMobile, 'phone-only navigation');
  await page.goto('/lessons/01-why-network-policy/');
  await page.getByRole('button', { name: 'Menu' }).click();
  await expect(page.getByRole('link', { name: '1. Why network policy' })).toBeVisible();
});
