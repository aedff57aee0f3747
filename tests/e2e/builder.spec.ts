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
  await expect(page.getByRole('list', { name: 'Namespaces and pods' }).getByText('pod x/d')).toBeVisible();

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
  await expect(learner.getByRole('heading', { name: 'Only b may call a' }).first()).toBeVisible();
  const policies = learner.getByRole('textbox', { name: 'Policies (YAML)' });
  await policies.click();
  await learner.keyboard.insertText(solution);
  await expect(learner.getByText('Solved!')).toBeVisible({ timeout: 15_000 });
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
