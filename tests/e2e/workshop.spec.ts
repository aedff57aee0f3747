import { test, expect } from './fixtures.ts';

test.describe('workshops', () => {
  test.skip(({ isMobile }) => isMobile, 'the whole host-and-learner flow runs at desktop width');

  test('a title typed before the page script has run is kept', async ({ page }) => {
    // Hold the builder's script back, as a slow connection does, while the host already types.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_astro\/WorkshopBuilder\.[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/workshop/new/');
    await page.getByLabel('Workshop title').fill('Typed early');
    release();
    // Hydrated (Astro drops the island's `ssr` mark): the title must have survived it.
    await expect(page.locator('astro-island[ssr]')).toHaveCount(0, { timeout: 15_000 });
    await expect(page.getByLabel('Workshop title')).toHaveValue('Typed early');
    const pick = page.getByLabel('Add a course challenge');
    await pick.selectOption({ index: 1 });
    await expect(
      page.getByRole('list', { name: 'Exercises in this workshop' }).getByRole('listitem'),
    ).toHaveCount(1);
    await expect(page.getByLabel('Workshop title')).toHaveValue('Typed early');
    await expect(page.getByRole('button', { name: 'Create workshop link' })).toBeEnabled();
  });

  test('a host hands out two exercises, a learner solves one and hands in progress, the class view shows it', async ({
    page,
    browser,
    problems,
  }) => {
    test.setTimeout(120_000);
    // The host builds a two-exercise workshop from course challenges.
    await page.goto('/workshop/new/');
    await page.getByLabel('Workshop title').fill('Friday policies');
    const pick = page.getByLabel('Add a course challenge');
    const options = await pick.locator('option').allTextContents();
    expect(options.length).toBeGreaterThan(3);
    await pick.selectOption({ index: 1 });
    await pick.selectOption({ index: 2 });
    await expect(
      page.getByRole('list', { name: 'Exercises in this workshop' }).getByRole('listitem'),
    ).toHaveCount(2);
    await page.getByRole('button', { name: 'Create workshop link' }).click();
    const link = await page.getByLabel('Workshop link').inputValue();
    expect(link).toMatch(/\/workshop\/#w1\.[A-Za-z0-9_-]+$/);

    // A learner opens the link in a fresh browser, solves the first exercise with the solution shown.
    const learnerContext = await browser.newContext();
    const learner = await learnerContext.newPage();
    await learner.goto(link);
    await expect(learner.getByRole('heading', { name: 'Friday policies' })).toBeVisible();
    await expect(learner.getByText('0 of 2 exercises solved')).toBeVisible();
    await learner.getByRole('button', { name: 'Show solution' }).click();
    await learner.getByRole('button', { name: 'Yes, show the solution' }).click();
    await expect(learner.getByText('Solved with help.')).toBeVisible();
    await expect(learner.getByText('1 of 2 exercises solved')).toBeVisible({ timeout: 15_000 });
    await learner.getByLabel('Your name').fill('Ada');
    await learner.getByRole('button', { name: 'Create progress code' }).click();
    const code = await learner.getByLabel('Progress code').inputValue();
    expect(code).toMatch(/^p1\./);
    await learnerContext.close();

    // The host imports the code (and a broken one) into the class view.
    await page.getByRole('link', { name: 'Open the class view' }).click();
    await expect(page.getByRole('heading', { name: 'Friday policies' })).toBeVisible();
    await page.getByLabel('Progress codes, one per line').fill(`${code}\np1.broken`);
    await page.getByRole('button', { name: 'Import codes' }).click();
    const table = page.getByRole('table', { name: /Who solved what/ });
    const row = table.getByRole('row', { name: /Ada/ });
    await expect(row.getByRole('cell').first()).toContainText('Solved with help');
    await expect(row.getByRole('cell').nth(1)).toContainText('Not solved yet');
    await expect(page.getByRole('alert')).toContainText('Line 2');
    expect(problems.errors).toEqual([]);
  });

  test("a file chosen before the builder runs is kept; two of the host's own challenge files with the same name both join the workshop; the same file twice joins once", async ({
    page,
  }) => {
    const file = (title: string) => ({
      name: 'challenge.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from(
        [
          `title: ${title}`,
          'scenario: model',
          'task: Let x/b reach x/a.',
          'starter: ""',
          'solution: |',
          '  apiVersion: networking.k8s.io/v1',
          '  kind: NetworkPolicy',
          '  metadata: {name: only-b, namespace: x}',
          '  spec:',
          '    podSelector: {matchLabels: {pod: a}}',
          '    ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]',
          'goals:',
          '  - {from: x/b, to: x/a, port: 80, protocol: TCP, expect: allow}',
          '  - {from: x/c, to: x/a, port: 80, protocol: TCP, expect: deny}',
          'hints: [Select pod a.]',
          '',
        ].join('\n'),
      ),
    });
    // A file chosen before the builder's script runs is kept: hold the script back while choosing.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_astro\/WorkshopBuilder\.[^/]*\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/workshop/new/');
    await page.getByLabel('Add your own challenge files').setInputFiles([file('Chosen early')]);
    release();
    await expect(
      page.getByRole('list', { name: 'Exercises in this workshop' }).getByRole('listitem'),
    ).toHaveCount(1);
    await page.getByRole('button', { name: 'Remove Chosen early' }).click();
    const upload = page.getByLabel('Add your own challenge files');
    const exercises = page.getByRole('list', { name: 'Exercises in this workshop' }).getByRole('listitem');
    await upload.setInputFiles([file('First one')]);
    await expect(exercises).toHaveCount(1);
    await upload.setInputFiles([file('Second one')]);
    await expect(exercises).toHaveCount(2);
    await upload.setInputFiles([file('Second one')]);
    await expect(page.getByText('Second one')).toHaveCount(1);
    await expect(exercises).toHaveCount(2);
    await page.getByLabel('Workshop title').fill('Same names');
    await page.getByRole('button', { name: 'Create workshop link' }).click();
    await expect(page.getByLabel('Workshop link')).toHaveValue(/\/workshop\/#w1\./);
  });

  test('an own challenge file is proven like course content before it joins: goals, solution, starter, scenario', async ({
    page,
  }) => {
    const challenge = (goalTo: string, solution: string) => ({
      name: 'mine.yaml',
      mimeType: 'text/yaml',
      buffer: Buffer.from(
        [
          'title: Mine',
          'scenario: model',
          'task: Let x/b reach x/a.',
          'starter: ""',
          `solution: ${JSON.stringify(solution)}`,
          'goals:',
          `  - {from: x/b, to: ${goalTo}, port: 80, protocol: TCP, expect: allow}`,
          '  - {from: x/c, to: x/a, port: 80, protocol: TCP, expect: deny}',
          'hints: [Select pod a.]',
          '',
        ].join('\n'),
      ),
    });
    const only = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: only-b, namespace: x}',
      'spec:',
      '  podSelector: {matchLabels: {pod: a}}',
      '  ingress: [{from: [{podSelector: {matchLabels: {pod: b}}}]}]',
    ].join('\n');
    await page.goto('/workshop/new/');
    const upload = page.getByLabel('Add your own challenge files');
    const exercises = page.getByRole('list', { name: 'Exercises in this workshop' }).getByRole('listitem');
    await expect(upload).toBeEnabled();

    await upload.setInputFiles([challenge('x/nobody', only)]);
    await expect(page.getByRole('alert')).toContainText('unknown endpoint `x/nobody`');
    // A "solution" that denies everything into x/a does not meet the goal that x/b gets through.
    await upload.setInputFiles([challenge('x/a', only.replace(/ingress: .*$/, 'ingress: []'))]);
    await expect(page.getByRole('alert')).toContainText('expected allow');
    await expect(exercises).toHaveCount(0);

    await page.getByLabel('Your own scenario (optional)').setInputFiles([
      {
        name: 'broken.yaml',
        mimeType: 'text/yaml',
        buffer: Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: Bad_Name, namespace: x}\n'),
      },
    ]);
    await expect(page.getByRole('alert')).toContainText('broken.yaml is not a valid scenario');

    await upload.setInputFiles([challenge('x/a', only)]);
    await expect(exercises).toHaveCount(1);
  });

  test('a damaged workshop link shows a clear message, not a blank page', async ({ page }) => {
    await page.goto('/workshop/#w1.this-is-not-a-workshop');
    await expect(page.getByRole('alert')).toContainText(/damaged|not describe a valid workshop/);
    await expect(page.getByRole('link', { name: 'playground' })).toBeVisible();
  });
});
