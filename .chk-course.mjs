import { parse } from 'yaml';
import { readFileSync, readdirSync } from 'node:fs';
const base = 'content/challenges';
for (const d of readdirSync(base)) for (const f of readdirSync(`${base}/${d}`)) {
  const p = `${base}/${d}/${f}`;
  try {
    const v = parse(readFileSync(p, 'utf8'));
    const bad = [];
    for (const h of v.hints ?? []) if (typeof h !== 'string') bad.push('hint ' + JSON.stringify(h));
    for (const g of v.goals ?? []) if (typeof g.note !== 'undefined' && typeof g.note !== 'string') bad.push('note');
    if (typeof v.task !== 'string') bad.push('task');
    if (bad.length) console.log(p, bad);
  } catch (e) { console.log(p, e.message.split('\n')[0]); }
}
