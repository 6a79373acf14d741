// SPDX-License-Identifier: MIT
// golden.test.js - the shared golden cases (tests/golden/rules.jsonl, the
// shipped rule files' own tests as JSON lines): every case through
// rs.decide on load("rules"), comparing the outputs each case lists, or its
// expected error's code; and decideBatch answers them alike.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { crmrules, src } = require('./helpers.js');

const file = path.join(src, 'tests', 'golden', 'rules.jsonl');
const cases = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '')
  .map((l, k) => ({ at: `${path.relative(src, file)}:${k + 1}`, ...JSON.parse(l) }));
const rs = crmrules.load('rules');

function answer(c) {
  try {
    return rs.decide(c.decision, c.facts);
  } catch (e) {
    if (e instanceof crmrules.CrmError) return e;
    throw e;
  }
}

test(`${cases.length} golden cases through decide`, () => {
  assert.ok(cases.length > 100, 'the golden file has its cases');
  let errors = 0;
  for (const c of cases) {
    const what = `${c.at} (${c.file}:${c.line}: ${c.name})`;
    const got = answer(c);
    if (c.expect_error !== undefined) {
      assert.ok(got instanceof crmrules.CrmError, `${what}: expected ${c.expect_error}, got ` +
        `${JSON.stringify(got)}`);
      assert.equal(got.code, c.expect_error, `${what}: ${got.message}`);
      errors++;
      continue;
    }
    assert.ok(!(got instanceof Error), `${what}: ${got.message}`);
    for (const [output, want] of Object.entries(c.expect))
      assert.deepStrictEqual(got[output], want, `${what}: output ${output}`);
  }
  assert.ok(errors > 0, 'cases that expect an error are checked too');
});

test('the golden cases through decideBatch and decideMany, as decide', async () => {
  const byDecision = new Map();
  for (const c of cases) byDecision.set(c.decision, [...(byDecision.get(c.decision) || []), c]);
  for (const [d, list] of byDecision) {
    const facts = list.map((c) => c.facts);
    const one = list.map(answer);
    for (const got of [await rs.decideBatch(d, facts, { errors: 'return' }),
      rs.decideMany(d, facts, { errors: 'return' })]) {
      got.forEach((r, k) => {
        if (one[k] instanceof Error) assert.equal(r.message, one[k].message, list[k].at);
        else assert.deepStrictEqual(r, one[k], list[k].at);
      });
    }
  }
});
