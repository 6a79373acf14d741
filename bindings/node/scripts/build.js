// SPDX-License-Identifier: MIT
// build.js - npm's install script: build the native module with the
// project's CMake from the crmrules sources, against the headers of the
// Node that runs this script (include/node next to its bin/: the
// distribution's /usr/include/node). Nothing is downloaded.
//
// CRMRULES_SOURCE_DIR  the crmrules sources (default: the tree this package
//                      is in, ../..), for a copy of the package (npm pack)
// CRMRULES_BUILD_DIR   the CMake build tree (default: build/cmake here); one
//                      that is already configured is only built
// CRMRULES_NODE_INCLUDE Node's headers, when they are elsewhere
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const pkg = path.resolve(__dirname, '..');
const src = path.resolve(process.env.CRMRULES_SOURCE_DIR || path.join(pkg, '..', '..'));
const build = path.resolve(process.env.CRMRULES_BUILD_DIR || path.join(pkg, 'build', 'cmake'));
const include = path.resolve(process.env.CRMRULES_NODE_INCLUDE ||
  path.join(path.dirname(fs.realpathSync(process.execPath)), '..', 'include', 'node'));

function fail(message) {
  console.error(`crmrules: ${message}`);
  process.exit(1);
}

function run(cmd, args) {
  console.log(`crmrules: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.error) fail(`${cmd}: ${r.error.message}${r.error.code === 'ENOENT' ? ' (install cmake)' : ''}`);
  if (r.status !== 0) fail(`${cmd} failed (exit ${r.status})`);
}

if (!fs.existsSync(path.join(src, 'include', 'crmrules.h')) ||
    !fs.existsSync(path.join(src, 'bindings', 'node', 'src', 'addon.c')))
  fail(`no crmrules sources in ${src}: install this package from the crmrules tree ` +
    '(npm install /path/to/crmrules/bindings/node), or set CRMRULES_SOURCE_DIR');
if (!fs.existsSync(path.join(include, 'node_api.h')))
  fail(`no Node headers in ${include} (Debian: apt install libnode-dev; or set CRMRULES_NODE_INCLUDE)`);

if (!fs.existsSync(path.join(build, 'CMakeCache.txt')))
  run('cmake', ['-S', src, '-B', build, '-DCRM_BUILD_TESTS=OFF', '-DCRM_BUILD_EXAMPLES=OFF',
    '-DCRM_BUILD_NODE=ON', `-DCRM_NODE_INCLUDE_DIR=${include}`]);
const jobs = Math.max(1, Number(process.env.JOBS) || (os.availableParallelism ? os.availableParallelism() : os.cpus().length));
run('cmake', ['--build', build, '--target', 'crmrules_node', '-j', String(jobs)]);

const built = path.join(build, 'bindings', 'node', 'crmrules.node');
const dest = path.join(pkg, 'build', 'crmrules.node');
fs.mkdirSync(path.dirname(dest), { recursive: true });
fs.copyFileSync(built, `${dest}.tmp`);
fs.renameSync(`${dest}.tmp`, dest); // a running process keeps the old file
console.log(`crmrules: built ${dest}`);
