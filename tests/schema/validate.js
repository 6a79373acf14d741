// SPDX-License-Identifier: MIT
// validate.js CRMRULES SRCDIR - the JSON Schemas of `crmrules describe
// --json-schema`, checked with Ajv (draft 2020-12, strict, with formats):
// every decision of the shipped rules and of types.yaml has a schema Ajv
// compiles; each sample of samples.ndjson is valid or not as it says, and
// the library agrees (`crmrules eval` takes the facts, or refuses them
// with a facts error), unless the sample says the library accepts it.
'use strict';
const fs = require('fs');
const path = require('path');
const { execFileSync, spawnSync } = require('child_process');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const [bin, src] = process.argv.slice(2);
// strict, but union types ("string", "null") are plain JSON Schema
const ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
addFormats(ajv);

const schemas = new Map();
function schemaOf(rules, decision) {
  const key = rules + '\0' + decision;
  if (!schemas.has(key)) {
    const text = execFileSync(bin, ['describe', '--rules', path.join(src, rules), '--decision',
      decision, '--json-schema'], { encoding: 'utf8' });
    schemas.set(key, ajv.compile(JSON.parse(text)));
  }
  return schemas.get(key);
}

let failed = 0;
// every decision compiles, strict
for (const rules of ['rules', 'tests/schema/types.yaml']) {
  const out = execFileSync(bin, ['check', path.join(src, rules)], { encoding: 'utf8' });
  if (!/: ok: /.test(out)) throw new Error(`${rules} does not load: ${out}`);
}
const decisions = fs.readdirSync(path.join(src, 'rules')).filter((f) => f.endsWith('.yaml'))
  .flatMap((f) => {
    const text = fs.readFileSync(path.join(src, 'rules', f), 'utf8');
    const at = text.indexOf('\ndecisions:\n');
    if (at < 0) return [];
    const names = [];
    for (const line of text.slice(at + 12).split('\n')) {
      if (/^\S/.test(line)) break;
      const m = /^  ([a-z_]+):\s*$/.exec(line);
      if (m) names.push(m[1]);
    }
    return names;
  });
for (const d of decisions) schemaOf('rules', d);
schemaOf('tests/schema/types.yaml', 'everything');

// the samples
const lines = fs.readFileSync(path.join(src, 'tests/schema/samples.ndjson'), 'utf8')
  .split('\n').filter((l) => l.trim());
for (const [i, line] of lines.entries()) {
  const s = JSON.parse(line);
  const validate = schemaOf(s.rules, s.decision);
  const ok = validate(s.facts);
  const where = `samples.ndjson:${i + 1} (${s.decision}${s.why ? ': ' + s.why : ''})`;
  if (ok !== s.valid) {
    console.log(`FAIL ${where}: the schema says ${ok ? 'valid' : 'invalid'}` +
      (ok ? '' : ': ' + ajv.errorsText(validate.errors)));
    failed++;
  }
  const r = spawnSync(bin, ['eval', '--rules', path.join(src, s.rules), '--decision', s.decision],
    { input: JSON.stringify(s.facts), encoding: 'utf8' });
  const res = JSON.parse(r.stdout);
  const refused = !!res.$error && ['syntax', 'type', 'invalid', 'unknown', 'limit']
    .includes(res.$error.code);
  const want = s.library ? s.library === 'rejects' : !s.valid;
  if (refused !== want) {
    console.log(`FAIL ${where}: the library ${refused ? 'refuses' : 'takes'} it: ${r.stdout.trim()}`);
    failed++;
  }
}
if (failed) process.exit(1);
console.log(`json_schema: ${schemas.size} schemas compiled (Ajv, draft 2020-12, strict), ` +
  `${lines.length} samples as expected`);
