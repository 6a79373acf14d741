// SPDX-License-Identifier: MIT
// rules.test.js - the shipped policies (rules/) decided from JS objects:
// every decision, for generated customers, orders and complaints (some with
// facts missing or out of range), gives what `crmrules eval` prints for the
// same facts; decideMany and decideBatch give what decide gives.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { crmrules, evalLines, jsonOf, sameAsEval, random } = require('./helpers.js');

const rs = crmrules.load('rules');
const types = new Map(rs.facts.map((f) => [f.name, f]));
const words = ['我要投诉到12315', '已经向消费者协会反映', '订单号12315678', '态度很差，第二次投诉',
  'thank you', '媒體曝光', '', '１２３１５'];

// Facts for decision d: mostly valid values, now and then one left out or
// out of its range.
function customer(d, rnd) {
  const f = {};
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  for (const name of rs.factsOf(d)) {
    const r = rnd();
    if (r < 0.04) continue; // missing
    const fact = types.get(name);
    const wild = r > 0.985; // out of range, or no allowed value
    let v;
    switch (fact.type) {
      case 'bool': v = rnd() < 0.3; break;
      case 'int': v = wild ? -1 : Math.floor(rnd() * (name === 'satisfaction_rating' ? 6 : 48)); break;
      case 'number': v = wild ? 1000 : Math.round(rnd() * 150) / 100; break;
      case 'money': {
        const cents = Math.floor(rnd() * 20000000);
        v = pick([cents / 100, String(cents / 100), (cents / 100).toFixed(2), Math.floor(cents / 100)]);
        break;
      }
      case 'string':
        v = fact.values ? (wild ? 'other!' : pick(fact.values)) : pick(words);
        break;
      default:
        throw new Error(`no generator for ${fact.type}`);
    }
    f[name] = v;
  }
  return f;
}

const rnd = random(20260101);
const cases = new Map(rs.decisions.map((d) => [d, Array.from({ length: 150 }, () => customer(d, rnd))]));

test('every decision of rules/ as crmrules eval decides it', () => {
  let decided = 0, failed = 0;
  for (const [d, facts] of cases) {
    const lines = evalLines('rules', d, facts.map(jsonOf));
    facts.forEach((f, k) => {
      let ours;
      try {
        ours = rs.decide(d, f);
        decided++;
      } catch (e) {
        ours = e;
        failed++;
      }
      sameAsEval(ours, lines[k], `${d} #${k} ${jsonOf(f)}`);
    });
  }
  // both kinds were seen, and mostly decisions
  assert.ok(decided > failed && failed > 20, `${decided} decided, ${failed} errors`);
});

test('explanations as crmrules eval --explain and --explain=full print them', () => {
  for (const [flag, explain] of [['--explain', true], ['--explain=full', 'full']]) {
    for (const d of ['credit_limit', 'complaint_level', 'service_tier']) {
      const facts = cases.get(d).slice(0, 40);
      const lines = evalLines('rules', d, facts.map(jsonOf), [flag]);
      facts.forEach((f, k) => {
        let ours;
        try {
          ours = rs.decide(d, f, { explain });
        } catch (e) {
          ours = e;
          if (lines[k].$error && lines[k].$error.tried) assert.deepEqual(e.tried, lines[k].$error.tried);
        }
        sameAsEval(ours, lines[k], `${d} ${flag} #${k}`);
      });
    }
  }
});

test('decideMany and decideBatch give what decide gives, in order', async () => {
  for (const [d, facts] of cases) {
    const one = facts.map((f) => {
      try {
        return rs.decide(d, f);
      } catch (e) {
        return e;
      }
    });
    const many = rs.decideMany(d, facts, { errors: 'return' });
    const batch = await rs.decideBatch(d, facts, { errors: 'return' });
    for (const [what, got] of [['decideMany', many], ['decideBatch', batch]]) {
      assert.equal(got.length, facts.length);
      got.forEach((r, k) => {
        if (one[k] instanceof Error) {
          assert.ok(r instanceof crmrules.CrmError, `${what} ${d} #${k}`);
          assert.equal(r.index, k);
          assert.deepEqual([r.code, r.message, r.missing], [one[k].code, one[k].message, one[k].missing]);
        } else {
          assert.deepStrictEqual(r, one[k], `${what} ${d} #${k}`);
        }
      });
    }
  }
});

test('decideMany and decideBatch: errors thrown, or returned in place', async () => {
  const good = cases.get('credit_grade').find((f) => {
    try {
      return rs.decide('credit_grade', f);
    } catch {
      return false;
    }
  });
  const items = [good, { ...good, capital: 'none' }, good, {}, { bogus: 1 }, good];
  // 'throw' (the default): the first error, with its index
  assert.throws(() => rs.decideMany('credit_grade', items),
    { code: 'invalid', index: 1, message: `fact 'capital': "none" is not one of its allowed values` });
  await assert.rejects(rs.decideBatch('credit_grade', items), { code: 'invalid', index: 1 });
  await assert.rejects(rs.decideBatch('credit_grade', [good, { bogus: 1 }]), { code: 'unknown', index: 1 });
  for (const got of [rs.decideMany('credit_grade', items, { errors: 'return' }),
    await rs.decideBatch('credit_grade', items, { errors: 'return' })]) {
    assert.deepEqual(got.map((r) => (r instanceof Error ? `${r.code}@${r.index}` : r.grade)),
      [got[0].grade, 'invalid@1', got[0].grade, 'missing@3', 'unknown@4', got[0].grade]);
    assert.equal(got[3].missing.length, 13);
  }
  assert.deepEqual(rs.decideMany('credit_grade', []), []);
  assert.deepEqual(await rs.decideBatch('credit_grade', []), []);
  assert.throws(() => rs.decideMany('credit_grade', items, { errors: 'ignore' }), TypeError);
  await assert.rejects(rs.decideBatch('nope', items), { code: 'unknown' });
  await assert.rejects(rs.decideBatch('credit_grade', 'x'), TypeError);
});

test('a batch larger than a chunk, several batches at once', async () => {
  const facts = cases.get('credit_limit');
  const big = [];
  while (big.length < 20000) big.push(...facts);
  const want = rs.decideMany('credit_limit', big, { errors: 'return' });
  const runs = await Promise.all([1, 2, 3].map(() => rs.decideBatch('credit_limit', big, { errors: 'return' })));
  for (const got of runs) {
    assert.equal(got.length, big.length);
    for (let k = 0; k < big.length; k += 97) {
      if (want[k] instanceof Error) assert.equal(got[k].message, want[k].message);
      else assert.deepStrictEqual(got[k], want[k]);
    }
  }
});

test('decideJSON gives the bytes crmrules eval prints', () => {
  for (const d of ['credit_limit', 'complaint_level']) {
    const texts = cases.get(d).slice(0, 50).map(jsonOf);
    texts.push('{"capital": ', '[1]', '{"months_cooperating": 1, "months_cooperating": 2}');
    const lines = evalLines('rules', d, texts);
    texts.forEach((t, k) => {
      const got = JSON.parse(rs.decideJSON(d, t));
      if (got.$error && got.$error.file === '<facts>') {
        // an error in the text: eval names it <stdin>, line k + 1, and
        // reads the line trimmed
        const text = (e) => e.message.replace(/line \d+/, 'line L');
        assert.deepEqual([got.$error.code, text(got.$error)],
          [lines[k].$error.code, text(lines[k].$error)]);
      } else {
        assert.deepStrictEqual(got, lines[k]);
      }
    });
  }
  const f = cases.get('credit_limit')[0];
  assert.deepEqual(JSON.parse(rs.decideJSON('credit_limit', jsonOf(f), { explain: true })),
    evalLines('rules', 'credit_limit', [jsonOf(f)], ['--explain'])[0]);
});

test('unknown decisions and bad options', () => {
  assert.throws(() => rs.decide('credit_grad', {}),
    { code: 'unknown', message: "unknown decision 'credit_grad' (did you mean 'credit_grade'?)" });
  assert.throws(() => rs.decide(42, {}), TypeError);
  assert.throws(() => rs.decide('credit_grade', {}, { explain: 'yes' }), TypeError);
  assert.throws(() => rs.decide('credit_grade', {}, 'x'), TypeError);
});
