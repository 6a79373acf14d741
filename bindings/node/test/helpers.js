// SPDX-License-Identifier: MIT
// helpers.js - what the binding's tests share: where the sources and the
// CLI are, `crmrules eval --lines` to compare with, a seeded generator.
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const src = process.env.CRMRULES_SOURCE_DIR || path.resolve(__dirname, '..', '..', '..');
const cli = process.env.CRMRULES_CLI || path.join(src, 'build', 'crmrules');
// rule-file paths in errors are as given: relative to the sources, as the CLI sees them
process.chdir(src);

const crmrules = require('..');

// What `crmrules eval --lines` prints for each JSON text, parsed.
function evalLines(rules, decision, texts, extra = []) {
  const args = ['eval', ...[].concat(rules).flatMap((r) => ['--rules', r]), '--decision', decision,
    '--lines', '--quiet', ...extra];
  const r = spawnSync(cli, args, { input: texts.map((t) => `${t}\n`).join(''), encoding: 'utf8',
    maxBuffer: 1 << 28 });
  if (r.error) throw r.error;
  const lines = r.stdout.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, texts.length, `crmrules ${args.join(' ')}: ${r.stderr}`);
  return lines.map((l) => JSON.parse(l));
}

// JSON text of a facts object as a host would send it to the CLI: Dates as
// ISO instants to the second, BigInts as their digits.
function jsonOf(facts) {
  return JSON.stringify(facts, function replace(key, value) {
    const raw = this[key];
    if (raw instanceof Date) return raw.toISOString().replace(/\.\d{3}Z$/, 'Z');
    if (typeof raw === 'bigint') return `@@${raw}@@`;
    return value;
  }).replace(/"@@(-?\d+)@@"/g, '$1');
}

// decide's answer (a result or a CrmError) against a line of the CLI's.
function sameAsEval(ours, line, what) {
  if (line.$error) {
    const e = line.$error;
    assert.ok(ours instanceof crmrules.CrmError, `${what}: expected ${JSON.stringify(e)}, got ` +
      `${JSON.stringify(ours)}`);
    assert.equal(ours.code, e.code, `${what}: code`);
    const inRules = e.file !== undefined && e.file !== '<stdin>';
    assert.equal(ours.message, inRules ? `${e.file}:${e.line}:${e.column}: ${e.message}` : e.message,
      `${what}: message`);
    if (inRules) assert.deepEqual([ours.file, ours.line, ours.column], [e.file, e.line, e.column]);
    assert.deepEqual(ours.missing, e.missing, `${what}: missing`);
  } else {
    assert.ok(!(ours instanceof Error), `${what}: expected ${JSON.stringify(line)}, got ${ours}`);
    assert.deepStrictEqual(ours, line, what);
  }
}

// A seeded generator (a linear congruential one: the same cases every run).
function random(seed) {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 4294967296;
  };
}

module.exports = { src, cli, crmrules, evalLines, jsonOf, sameAsEval, random };
