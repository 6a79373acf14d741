// SPDX-License-Identifier: MIT
// rule_files.js SRCDIR - schema/crmrules.schema.json, the JSON Schema of rule
// files that `crmrules schema` prints, checked with Ajv (draft-07, strict)
// over rule files read as the YAML language server reads them (the yaml
// package, YAML 1.2, merge keys): every shipped rule file, example and valid
// case validates; of tests/cases/invalid, each structural case fails the
// schema, each case that is no YAML fails the YAML reader, and every other
// case passes both (only `crmrules check` finds those): the lists below say
// which, and why.
'use strict';
const fs = require('fs');
const path = require('path');
const Ajv = require('ajv');
const YAML = require('yaml');

const src = process.argv[2];
const schema = JSON.parse(fs.readFileSync(path.join(src, 'schema/crmrules.schema.json'), 'utf8'));
// strict, but union types and keywords applied to whatever type they meet
// (pattern beside ["integer", "string"]) and required: in if: conditions are
// plain JSON Schema
const ajv = new Ajv({ strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true,
  allErrors: true });
const validate = ajv.compile(schema);

// Invalid cases the schema rejects: their mistake is in the shape of the file.
const structural = {
  bad_hit: 'hit: is one of the hit policies',
  bad_range: 'range: is "[lo..hi]" with ( or ) for an open end',
  bad_value_list: 'values: of an int fact are integers',
  keyword_name: 'a fact name is no keyword',
  no_rules: 'a decision needs rules:',
  unknown_fact_key: 'a fact takes type, values, ordered, range, pattern, description',
  unknown_top_key: 'a rule file takes facts, constants, decisions, ...',
  unknown_type: 'a type is bool, int, ..., list of T',
};
// Cases that are no YAML (or too much of it): the YAML reader refuses them.
const notYaml = {
  alias_bomb: 'aliases expand past what a reader takes',
  duplicate_key: 'a key repeated in one mapping',
  yaml_syntax: 'a YAML syntax error',
};
// Cases a schema cannot see: they need the names, types and values the file
// declares, what expressions mean, or the analysis of the tables.
const notStructural = {
  bad_fact_pattern: 'a PCRE2 pattern that does not compile',
  bad_regex: 'a PCRE2 pattern inside an expression',
  cell_count: 'as many cells as the decision has inputs (another list\'s length)',
  complete_bound: 'the table analysis reaches its bound',
  complete_when: 'complete: true the analysis cannot prove',
  cycle: 'a cycle of decisions that read each other',
  date_for_number: 'an expression\'s types (a date minus an int)',
  date_invalid: 'a date literal inside an expression',
  date_invalid_constant: 'a day that does not exist (February 30)',
  did_you_mean_cells: 'a cell keyed by a name that is no input',
  did_you_mean_on_breach: 'on_breach names no timer or decision',
  did_you_mean_tests: 'a test names no decision',
  did_you_mean_timers: 'a timer names no calendar',
  duplicate_rule_id: 'two rules of a decision with one id',
  timer_escalation_cycle: 'timers that escalate to each other in a cycle',
  timer_warning_zero: 'a warning that rounds to 0 seconds of the timer\'s duration',
  gap_complete: 'a gap in a table declared complete',
  missing_output: 'a rule without a value for one of the outputs',
  money_float: 'an expression\'s types (money times a number)',
  money_precision: 'a money literal with 3 decimal places',
  name_clash: 'a name declared both as a fact and a constant',
  output_not_in_values: 'a rule\'s value not among its output\'s values',
  output_type: 'an expression\'s type against its output\'s',
  overflow_const: 'a constant that overflows when folded',
  overlap: 'two rules of a unique table that overlap',
  priority_values: 'a priority table whose first output has no values',
  several_errors: 'unknown names in expressions',
  test_bad_fact: 'a test sets a fact that is not declared',
  test_fact_list: 'a test\'s list item not among its fact\'s values',
  test_fact_type: 'a test\'s fact value of another type',
  test_fact_values: 'a test\'s fact value not among its values',
  test_unknown_output: 'a test expects an output the decision lacks',
  type_mismatch: 'an expression\'s types (a string against an int)',
  unique_when: 'a unique table the analysis cannot prove',
  unknown_fact: 'an unknown name in a cell',
  unknown_input: 'a cell keyed by a name that is no input',
  unknown_output: 'a rule gives an output the decision lacks',
  unquoted_string_cell: 'an unquoted word in a cell is a name',
  unreachable: 'a rule the rules before it cover',
};

function read(file, text) {
  return YAML.parse(text, { merge: true, uniqueKeys: true, prettyErrors: false });
}

let failed = 0, valid = 0;
const fail = (msg) => { console.log('FAIL ' + msg); failed++; };
const why = () => ajv.errorsText(validate.errors, { separator: '; ' });

// the valid rule files: the shipped rules, the examples, the valid cases, the
// schema tests' own, and every `# example:` block of README.md and docs/
function yamlFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  });
}
const files = [...yamlFiles(path.join(src, 'rules')), ...yamlFiles(path.join(src, 'examples')),
  path.join(src, 'tests/cases/facts-rules.yaml'), path.join(src, 'tests/schema/types.yaml')];
const docs = [];
for (const md of ['README.md', ...fs.readdirSync(path.join(src, 'docs'))
  .filter((f) => f.endsWith('.md')).map((f) => 'docs/' + f)]) {
  const text = fs.readFileSync(path.join(src, md), 'utf8');
  const re = /```yaml\n(# example: (\S+)\n[\s\S]*?)```/g;
  for (let m; (m = re.exec(text));) docs.push({ where: `${md} (${m[2]})`, text: m[1] });
}
const valids = files.map((f) => ({ where: path.relative(src, f), text: fs.readFileSync(f, 'utf8') }))
  .concat(docs);
for (const { where, text } of valids) {
  let doc;
  try {
    doc = read(where, text);
  } catch (e) {
    fail(`${where}: not read as YAML: ${e.message}`);
    continue;
  }
  if (!validate(doc)) fail(`${where}: does not validate: ${why()}`);
  else valid++;
}
if (docs.length < 10) fail(`only ${docs.length} examples found in the docs`);

// the invalid cases
const dir = path.join(src, 'tests/cases/invalid');
const cases = fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).map((f) => f.slice(0, -5));
const counts = { structural: 0, yaml: 0, other: 0 };
for (const name of cases) {
  const listed = [structural, notYaml, notStructural].filter((l) => name in l).length;
  if (listed !== 1) {
    fail(`invalid/${name}.yaml is in ${listed} of the lists of rule_files.js (it needs one)`);
    continue;
  }
  let doc, yamlError = null;
  try {
    doc = read(name, fs.readFileSync(path.join(dir, name + '.yaml'), 'utf8'));
  } catch (e) {
    yamlError = e.message;
  }
  if (name in notYaml) {
    if (!yamlError) fail(`invalid/${name}.yaml: the YAML reader takes it`);
    else counts.yaml++;
    continue;
  }
  if (yamlError) {
    fail(`invalid/${name}.yaml: not read as YAML: ${yamlError}`);
    continue;
  }
  const ok = validate(doc);
  if (name in structural && ok) fail(`invalid/${name}.yaml: the schema takes it (${structural[name]})`);
  else if (name in notStructural && !ok)
    fail(`invalid/${name}.yaml: the schema now rejects it (${why()}): move it to structural`);
  else counts[name in structural ? 'structural' : 'other']++;
}
for (const l of [structural, notYaml, notStructural])
  for (const name of Object.keys(l))
    if (!cases.includes(name)) fail(`rule_files.js lists ${name}, which is no case`);
if (failed) process.exit(1);
console.log(`rule_file_schema: ${valid} rule files valid (${docs.length} from the docs); of ` +
  `${cases.length} invalid cases ${counts.structural} rejected by the schema, ${counts.yaml} ` +
  `by the YAML reader, ${counts.other} left to crmrules check`);
