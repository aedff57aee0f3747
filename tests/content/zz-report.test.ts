import { test } from 'vitest';
import { checkChallenge } from '../../src/engine/index.ts';
import { loadChallenges, loadScenarios } from './load.ts';
test('report', () => {
  const s = loadScenarios();
  for (const { id, challenge } of loadChallenges()) {
    const c = checkChallenge(challenge, s.get(challenge.scenario)!, challenge.starter);
    const fails = c.goals.filter((g) => !g.passed).map((g) => `${g.flow.from}->${g.flow.to}:${g.flow.port}/${g.flow.protocol} got ${g.actual}: ${g.verdict.summary}`);
    const errs = c.diagnostics.filter((d) => d.severity !== 'info').map((d) => `${d.severity}: ${d.message}`);
    console.log(`\n## ${id}\n  ` + [...errs, ...fails].join('\n  '));
  }
});
