import { test, expect } from './fixtures.ts';

const solution = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-b-into-a, namespace: x}
spec:
  podSelector: {matchLabels: {pod: a}}
  ingress:
    - from: [{podSelector: {matchLabels: {pod: b}}}]
`;

test('a host builds a challenge by clicking goals, a learner solves it from the link, the class view shows it', async ({
  page,
  browser,
  isMobile,
}) => {
  test.skip(isMobile, 'the builder flow runs at desktop width');
  test.setTimeout(180_000);
  await page.goto('/builder/');

  // The scenario: the conformance model plus one new pod, added with the visual form.
  await page.getByLabel('Name', { exact: true }).fill('d');
  await page.getByLabel('Namespace', { exact: true }).fill('x');
  await page.getByLabel('Ports (e.g. http=8080/TCP, 53/UDP)').fill('80/TCP');
  await page.getByLabel('Labels (key=value, …)').fill('pod=d');
  await page.getByRole('button', { name: 'Add pod' }).click();
  await expect(page.getByRole('list', { name: 'Scenario objects' }).getByText('pod x/d')).toBeVisible();

  // The reference solution, then goals picked in the table.
  const editor = page.getByRole('textbox', { name: 'Reference solution' });
  await editor.click();
  await page.keyboard.insertText(solution);
  await page.getByRole('button', { name: 'x/b to x/a: allowed' }).click();
  await page.getByRole('button', { name: 'Must allow' }).click();
  await page.getByRole('button', { name: 'x/d to x/a: denied' }).click();
  await page.getByRole('button', { name: 'Must deny' }).click();
  await expect(page.getByRole('list', { name: 'Goals' }).getByRole('listitem')).toHaveCount(2);

  await page.getByLabel('Title').fill('Only b may call a');
  await page.getByLabel('Task (one or two sentences)').fill('Let x/b reach x/a, and nothing else.');
  await page.getByLabel('Hint 1', { exact: true }).fill('Select pod a, allow ingress from pod b.');
  const checks = page.getByRole('list', { name: 'Checks' });
  await expect(checks.getByText(': not yet')).toHaveCount(0);
  await page.getByRole('button', { name: 'Create learner link' }).click();
  const link = await page.getByLabel('Learner link').inputValue();
  expect(link).toMatch(/\/workshop\/#w1\./);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download for a real cluster' }).click();
  expect((await download).suggestedFilename()).toBe('cluster.yaml');
  await expect(page.getByText('2 flows to probe')).toBeVisible();

  // A learner opens it fresh and solves it by writing the policy.
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await learner.goto(link);
  // The workshop island decodes the link after hydration: slow on a loaded machine.
  await expect(learner.getByRole('heading', { name: 'Only b may call a' }).first()).toBeVisible({
    timeout: 30_000,
  });
  const policies = learner.getByRole('textbox', { name: 'Policies (YAML)' });
  await policies.click();
  await learner.keyboard.insertText(solution);
  await expect(learner.getByText('Solved!')).toBeVisible({ timeout: 15_000 });
  // The learner hands in at once: the code holds the solve the page has just shown.
  await learner.getByLabel('Your name').fill('Lin');
  await learner.getByRole('button', { name: 'Create progress code' }).click();
  const code = await learner.getByLabel('Progress code').inputValue();
  await learnerContext.close();

  // The host imports the code.
  await page.goto(link.replace('/workshop/#', '/workshop/class/#'));
  await page.getByLabel('Progress codes, one per line').fill(code);
  await page.getByRole('button', { name: 'Import codes' }).click();
  await expect(
    page.getByRole('table', { name: /Who solved what/ }).getByRole('row', { name: /Lin/ }),
  ).toContainText('Solved');
});

test('a host renames a namespace and a pod, edits ports and picks a goal on the graph; goals and YAML follow', async ({
  page,
  isMobile,
}) => {
  test.skip(isMobile, 'the builder flow runs at desktop width');
  test.setTimeout(300_000);
  await page.goto('/builder/');
  const objects = page.getByRole('list', { name: 'Scenario objects' });
  const goals = page.getByRole('list', { name: 'Goals' });

  // A goal first, so the renames have something to carry along.
  await page.getByRole('button', { name: 'x/b to x/a: allowed' }).click();
  await page.getByRole('button', { name: 'Must deny' }).click();

  await objects.getByRole('button', { name: 'namespace x', exact: true }).click();
  const nsName = page.getByLabel('Name of namespace x');
  await nsName.fill('Shop');
  await page.getByRole('button', { name: 'Rename namespace x' }).click();
  await expect(page.getByRole('alert')).toContainText('a lowercase RFC 1123 label');
  await nsName.fill('y');
  await page.getByRole('button', { name: 'Rename namespace x' }).click();
  await expect(page.getByRole('alert')).toContainText('namespaces "y" already exists');
  await nsName.fill('shop');
  await page.getByRole('button', { name: 'Rename namespace x' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Renamed x to shop' })).toContainText('1 goal');
  await expect(objects.getByRole('button', { name: 'pod shop/a', exact: true })).toBeVisible();
  await expect(goals).toContainText('Should not work: shop/b → shop/a:80/TCP');

  await objects.getByRole('button', { name: 'pod shop/a', exact: true }).click();
  await page.getByLabel('Name of pod shop/a').fill('api');
  await page.getByRole('button', { name: 'Rename pod shop/a' }).click();
  await expect(goals).toContainText('Should not work: shop/b → shop/api:80/TCP');

  // Ports: a bad name is refused, then the first port is changed and a new one added.
  const port1 = 'port 1 of pod shop/api';
  await page.getByLabel(`Name of ${port1}`).fill('Web_1');
  await page.getByRole('button', { name: `Save ${port1}` }).click();
  await expect(page.getByRole('alert')).toContainText('must contain only alpha-numeric characters');
  await page.getByLabel(`Name of ${port1}`).fill('web');
  await page.getByLabel(`Number of ${port1}`).fill('8080');
  await page.getByRole('button', { name: `Save ${port1}` }).click();
  await page.getByLabel('Name of new port of pod shop/api').fill('metrics');
  await page.getByLabel('Number of new port of pod shop/api').fill('9090');
  await page.getByLabel('Protocol of new port of pod shop/api').selectOption('UDP');
  await page.getByRole('button', { name: 'Add new port of pod shop/api' }).click();
  await expect(objects.getByRole('listitem').filter({ hasText: 'pod shop/api' })).toContainText(
    'web 8080/TCP',
  );
  await expect(objects.getByRole('listitem').filter({ hasText: 'pod shop/api' })).toContainText(
    'metrics 9090/UDP',
  );

  // A goal picked on the graph: the source node, then the destination node.
  const graph = page.getByRole('img', { name: /^Graph of the scenario on 80\/TCP/ });
  await graph.scrollIntoViewIfNeeded();
  // The live graph loads when the pointer reaches the drawing.
  await graph.hover();
  const tap = async (id: string): Promise<void> => {
    await expect
      .poll(() =>
        graph.evaluate(
          (element, node) =>
            (element as HTMLElement & { npGraph?: import('cytoscape').Core }).npGraph?.getElementById(node)
              .length ?? 0,
          id,
        ),
      )
      .toBe(1);
    const point = await graph.evaluate((element, node) => {
      const cy = (element as HTMLElement & { npGraph?: import('cytoscape').Core }).npGraph;
      const at = cy?.getElementById(node).renderedPosition() ?? { x: 0, y: 0 };
      const box = element.getBoundingClientRect();
      return { x: box.x + at.x, y: box.y + at.y };
    }, id);
    await page.mouse.click(point.x, point.y);
  };
  await tap('shop/c');
  await expect(page.getByText('From shop/c: now click the destination.')).toBeVisible();
  await tap('shop/b');
  await expect(page.getByRole('button', { name: 'shop/c to shop/b: allowed' })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.getByRole('button', { name: 'Must allow' }).click();
  await expect(goals).toContainText('Should work: shop/c → shop/b:80/TCP');
  await expect(goals.getByRole('listitem')).toHaveCount(2);

  // The YAML followed every edit.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download scenario.yaml' }).click();
  const { readFile } = await import('node:fs/promises');
  const yaml = await readFile(await (await download).path(), 'utf8');
  expect(yaml).toContain('namespace: shop');
  expect(yaml).not.toContain('namespace: x');
  expect(yaml).toMatch(/name: api\n/);
  expect(yaml).toMatch(/shop\/api: \[ ?120, 80 ?\]/);
  expect(yaml).toContain('{ name: web, containerPort: 8080, protocol: TCP }');
  expect(yaml).toMatch(/name: metrics,? .*containerPort: 9090,? .*protocol: UDP/s);
});
