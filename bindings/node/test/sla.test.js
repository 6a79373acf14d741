// SPDX-License-Identifier: MIT
// sla.test.js - rs.sla: every clock as `crmrules sla` prints it (pauses,
// stops, breaches, escalation, provisional days), pauses still going on,
// Dates, and the errors.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { crmrules, cli } = require('./helpers.js');

const rs = crmrules.load('rules');

function cliSla(rules, timer, start, { pauses = [], stop, now } = {}) {
  const args = ['sla', ...rules.flatMap((r) => ['--rules', r]), '--timer', timer, '--start', start];
  for (const [a, b] of pauses) args.push('--pause', `${a}/${b}`);
  if (stop) args.push('--stop', stop);
  if (now) args.push('--now', now);
  const r = spawnSync(cli, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const clocks = [
  ['complaint.first_contact', '2025-12-31T17:00:00+08:00', { now: '2026-01-02T12:00:00+08:00' }],
  ['complaint.first_contact', '2026-09-30T17:59:00+08:00', {
    pauses: [['2026-10-08T09:00:00+08:00', '2026-10-08T10:00:00+08:00']],
    now: '2026-10-08T12:00:00+08:00' }],
  ['complaint.first_contact', '2026-09-30T09:00:00+08:00', {
    pauses: [['2026-09-30T12:00:00+08:00', '2026-10-08T12:00:00+08:00'],
      ['2026-10-08T12:30:00+08:00', '2026-10-08T12:45:00+08:00'],
      ['2026-09-30T11:00:00+08:00', '2026-09-30T13:00:00+08:00']],
    now: '2026-10-08T13:00:00+08:00' }],
  ['complaint.minor.feedback', '2026-09-30T20:00:00+08:00', { now: '2026-10-01T19:00:00+08:00' }],
  ['complaint.minor.to_major', '2026-10-01T08:00:00+08:00', { now: '2026-10-11T08:00:00+08:00' }],
  ['complaint.major.report', '2026-10-12T09:00:00+08:00', { stop: '2026-10-12T09:12:00+08:00',
    now: '2026-10-12T10:00:00+08:00' }],
  ['complaint.major.report', '2026-10-12T09:00:00+08:00', { stop: '2026-10-12T09:12:00+08:00' }],
  ['complaint.formal_reply', '2026-09-28T10:00:00+08:00', {}],
  ['complaint.formal_reply', '2026-09-30T17:59:00+08:00', { now: '2026-12-08T12:00:00+08:00' }],
  ['complaint.department_plan', '2026-02-27T16:00:00+08:00', { now: '2026-03-01T00:00:00Z' }],
];

test('clocks as crmrules sla prints them', () => {
  for (const [timer, start, o] of clocks) {
    const want = cliSla(['rules'], timer, start, o);
    const got = rs.sla(timer, start, {
      ...o, pauses: o.pauses && o.pauses.map(([a, b], i) => (i % 2 ? { start: a, end: b } : [a, b])),
    });
    assert.deepStrictEqual(got, want, `${timer} from ${start}`);
  }
});

test('a pause still going on lasts until now; Dates are instants', () => {
  const now = '2026-10-08T12:00:00+08:00';
  const want = cliSla(['rules'], 'complaint.first_contact', '2026-09-30T17:59:00+08:00',
    { pauses: [['2026-10-08T09:00:00+08:00', now]], now });
  assert.deepStrictEqual(rs.sla('complaint.first_contact', '2026-09-30T17:59:00+08:00',
    { pauses: [{ start: '2026-10-08T09:00:00+08:00' }], now }), want);
  assert.deepStrictEqual(rs.sla('complaint.first_contact', new Date('2026-09-30T09:59:00.5Z'),
    { pauses: [[new Date('2026-10-08T01:00:00Z'), null]], now: new Date('2026-10-08T04:00:00Z') }),
  want);
});

test('provisional days, from a site file that assumes the working week', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crmrules-node-'));
  try {
    const site = path.join(dir, 'site.yaml');
    fs.writeFileSync(site, 'calendar_data:\n  cn:\n    beyond_data: working_week\n');
    const withSite = crmrules.load(['rules', site]);
    const o = { now: '2027-01-08T12:00:00+08:00' };
    const got = withSite.sla('complaint.first_contact', '2026-12-30T17:59:00+08:00', o);
    assert.deepStrictEqual(got, cliSla(['rules', site], 'complaint.first_contact',
      '2026-12-30T17:59:00+08:00', o));
    assert.equal(got.provisional, true);
    withSite.close();
  } finally {
    fs.rmSync(dir, { recursive: true });
  }
});

test('errors: unknown timers, bad instants and pauses, days without data', () => {
  assert.throws(() => rs.sla('complaint.first_contac', '2026-01-05T09:00:00+08:00'),
    { code: 'unknown', message: /did you mean 'complaint.first_contact'/ });
  assert.throws(() => rs.sla('complaint.first_contact', '2026-01-05T09:00:00'),
    { code: 'syntax', message: /start: "2026-01-05T09:00:00" is not an ISO 8601 instant/ });
  assert.throws(() => rs.sla('complaint.first_contact', '2026-02-30T09:00:00Z'), { code: 'invalid' });
  assert.throws(() => rs.sla('complaint.first_contact', 1759280400), { code: 'type' });
  assert.throws(() => rs.sla('complaint.first_contact', new Date(NaN)), { code: 'invalid' });
  assert.throws(() => rs.sla('complaint.first_contact', '2026-01-05T09:00:00Z',
    { pauses: [['2026-01-05T12:00:00Z', '2026-01-05T11:00:00Z']] }),
  { code: 'invalid', message: 'pause 1 ends before it starts' });
  assert.throws(() => rs.sla('complaint.first_contact', '2026-01-05T09:00:00Z',
    { pauses: Array.from({ length: 300 }, () => ['2026-01-05T10:00:00Z', '2026-01-05T11:00:00Z']) }),
  { code: 'invalid', message: 'more than 256 pauses' });
  assert.throws(() => rs.sla('complaint.first_contact', '2026-12-30T17:59:00+08:00',
    { now: '2027-01-08T12:00:00+08:00' }),
  { code: 'range', message: 'calendar cn has no data for 2027-01-01 (timer complaint.first_contact)' });
  assert.throws(() => rs.sla('complaint.first_contact', '2026-01-05T09:00:00Z', { pauses: 'x' }),
    TypeError);
});
