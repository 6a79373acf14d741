// SPDX-License-Identifier: MIT
// values.test.js - JS values in, JS values out: for every fact type, what
// decide makes of a value is what `crmrules eval` makes of its JSON (money
// exact, dates and instants as ISO text), and the few JS-only values
// (Date, BigInt, NaN) are read as documented.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { crmrules, evalLines, jsonOf, sameAsEval } = require('./helpers.js');

const file = 'bindings/node/test/fixtures/types.yaml';
const rs = crmrules.load(file);

// fact -> values to send; each is decided alone by echo_<fact>
const cases = {
  b: [true, false, 'true', 'false', 1, 'yes'],
  i: [0, 5, -5, 5.5, '12', ' 12', '1e3', 2 ** 53, 2 ** 53 + 2, 2 ** 70, 12n, 2n ** 62n,
    -(2n ** 63n), 2n ** 63n, 2n ** 64n, true, 'x'],
  small: [0, 50, 100, 101, -1, '7', 100n],
  n: [1.5, 0.1 + 0.2, 1e300, -1e-300, 7, -0, '2.5', '1e3', 12n, 2 ** 60, 'x', false],
  ratio: [0, 0.5, 0.999, 1, -0.1, '0.25'],
  m: [12, 12.5, 12.34, -0.01, 0.1 + 0.2, 1e21, 2 ** 43, 2 ** 43 + 0.5, 87960930222.08,
    '12.34', '12.345', '-7', '1e3', 'abc', '92233720368547758.07', '92233720368547758.08', 12n,
    -12n, 10n ** 20n, true],
  s: ['héllo', '', 12, 1.5, true, 'a\u0000b', '😀', '\ud800', 'x'.repeat(70000), 'tab\tquote"'],
  kind: ['gold', 'silver', 'bronze', 'Gold', ''],
  code: ['AB-12', 'ab-12', 'AB-', 12],
  d: ['2026-10-01', '2026-02-30', '2026-10-01T09:00:00+08:00', 20261001,
    new Date('2026-10-01T00:00:00Z')],
  t: ['2026-10-01T09:00:00+08:00', '2026-10-01T09:00:00Z', '2026-10-01T09:00+08:00',
    '2026-10-01T09:00:00', '2026-10-01', new Date('2026-10-01T01:00:00Z'),
    new Date('1970-01-01T00:00:00Z'), new Date('0001-01-01T00:00:00Z'), 1759280400],
  dur: [90, -60, '90 min', '24 h', '3 d', '1.5 h', 1.5, 'soon', 10n],
  tags: [['a', 'b'], [], ['x', 1, true, 2.5], 'a,b', [['x']], [null], [{}],
    new Array(300).fill('t')],
  scores: [[1, 2], ['3'], [1.5], [1n, 2n ** 62n], [], 4],
  amounts: [[12.5, '3.10', 7], [0.1 + 0.2], ['1.234']],
};

test('each value as eval reads its JSON', () => {
  let n = 0;
  for (const [fact, values] of Object.entries(cases)) {
    const objects = values.map((v) => ({ [fact]: v }));
    const lines = evalLines(file, `echo_${fact}`, objects.map(jsonOf));
    objects.forEach((facts, k) => {
      let ours;
      try {
        ours = rs.decide(`echo_${fact}`, facts);
      } catch (e) {
        ours = e;
      }
      sameAsEval(ours, lines[k], `${fact} = ${String(values[k]).slice(0, 40)}`);
      n++;
    });
  }
  assert.ok(n > 100);
});

test('every output type at once, decideMany and decideBatch alike', async () => {
  const facts = [
    { b: true, i: -3, n: 2.5, m: '1234.50', s: 'x', d: '2026-10-01', t: '2026-10-01T09:00:00+08:00',
      dur: '90 min', tags: ['a', 'b'] },
    { b: false, i: 0, n: -1e-7, m: 0.07, s: '', d: '2024-02-29', t: new Date(Date.UTC(2030, 0, 1)),
      dur: 0, tags: [] },
    { b: false, i: 2 ** 53 + 2, n: 1e21, m: '92233720368547758.07', s: '中文', d: '9999-12-31',
      t: '0001-01-01T00:00:00Z', dur: -1, tags: ['é'] },
  ];
  const lines = evalLines(file, 'echo_all', facts.map(jsonOf));
  facts.forEach((f, k) => sameAsEval(rs.decide('echo_all', f), lines[k], `all ${k}`));
  assert.deepStrictEqual(rs.decideMany('echo_all', facts), lines);
  assert.deepStrictEqual(await rs.decideBatch('echo_all', facts), lines);
  assert.deepStrictEqual(facts.map((f) => JSON.parse(rs.decideJSON('echo_all', jsonOf(f)))), lines);
});

test('money is exact both ways', () => {
  const m = (v) => rs.decide('echo_m', { m: v }).v;
  assert.equal(m('75000.10'), '75000.10');
  assert.equal(m(75000.1), '75000.10');
  assert.equal(m(0.07), '0.07');
  assert.equal(m(-0.01), '-0.01');
  assert.equal(m('92233720368547758.07'), '92233720368547758.07'); // int64 minor units
  assert.equal(m(12n), '12.00');
  // 0.1 + 0.2 is 0.30000000000000004 in binary: not an amount of cents
  assert.throws(() => m(0.1 + 0.2), { code: 'invalid' });
  assert.throws(() => m('12.345'), { code: 'invalid' });
  assert.throws(() => m('1e3'), { code: 'syntax' });
  assert.throws(() => m('92233720368547758.08'), { code: 'overflow' });
  // the sum of cents is computed exactly by the rules, whatever JS would say
  assert.deepEqual(rs.decide('echo_amounts', { amounts: [0.1, 0.2, '0.30'] }).v,
    ['0.10', '0.20', '0.30']);
});

test('JS-only values: Date, BigInt, NaN, undefined, functions', () => {
  // a Date is an instant, taken to the second (milliseconds dropped)
  assert.equal(rs.decide('echo_t', { t: new Date('2026-10-01T01:00:00.999Z') }).v,
    '2026-10-01T01:00:00Z');
  assert.equal(rs.decide('echo_t', { t: new Date(-1) }).v, '1969-12-31T23:59:59Z');
  assert.throws(() => rs.decide('echo_t', { t: new Date(NaN) }), { code: 'syntax' });
  assert.throws(() => rs.decide('echo_t', { t: new Date('+010000-01-01T00:00:00Z') }),
    { code: 'syntax' });
  // a Date is no day: which day depends on a time zone
  assert.throws(() => rs.decide('echo_d', { d: new Date() }), { code: 'syntax' });
  assert.equal(rs.decide('echo_i', { i: 2n ** 62n }).v, 2 ** 62);
  assert.throws(() => rs.decide('echo_i', { i: 2n ** 64n }), { code: 'overflow' });
  // NaN and infinity are no numbers (JSON.stringify would send null)
  for (const v of [NaN, Infinity, -Infinity])
    for (const f of ['n', 'i', 'm']) assert.throws(() => rs.decide(`echo_${f}`, { [f]: v }));
  // undefined is no key, as in JSON; null is an unknown fact
  assert.throws(() => rs.decide('echo_b', { b: undefined }), { code: 'missing', missing: ['b'] });
  assert.throws(() => rs.decide('echo_b', { b: null }), { code: 'missing', missing: ['b'] });
  assert.throws(() => rs.decide('echo_b', { b: () => true }), { code: 'type' });
  assert.throws(() => rs.decide('echo_b', { b: Symbol('b') }), { code: 'type' });
  assert.throws(() => rs.decide('echo_b', { b: { nested: true } }), { code: 'type' });
  // a key that is no fact: an error, with the closest name
  assert.throws(() => rs.decide('echo_b', { bb: true }),
    { code: 'unknown', message: "unknown fact 'bb' (did you mean 'b'?)" });
  assert.throws(() => rs.decide('echo_b', { nope: null }), { code: 'unknown' });
  for (const bad of [null, 'b', 1, [{ b: true }]])
    assert.throws(() => rs.decide('echo_b', bad), { code: 'type' });
});

test('objects of changing shapes: the key cache never mixes facts up', () => {
  const shapes = [
    { b: true, i: 1, n: 1.5 },
    { n: 2.5, b: false, i: 2 },
    { i: 3, n: 3.5 },
    { n: 4.5, i: 4, b: true, s: 'x' },
    Object.assign(Object.create({ inherited: 1 }), { b: true, i: 5, n: 5.5 }),
  ];
  for (let round = 0; round < 3; round++)
    for (const f of shapes) {
      const r = rs.decide('echo_all', { m: 1, s: 's', d: '2026-01-01', t: '2026-01-01T00:00:00Z',
        dur: 1, tags: [], b: false, ...f });
      assert.equal(r.i, f.i);
      assert.equal(r.n, f.n);
      assert.equal(r.b, f.b === true);
    }
  // for..in sees inherited keys: an inherited key that is no fact is an error
  assert.throws(() => rs.decide('echo_b', Object.create({ b: true, zz: 1 })), { code: 'unknown' });
});
