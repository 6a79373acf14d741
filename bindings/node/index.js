// SPDX-License-Identifier: MIT
// index.js - crmrules for Node.js: rule files loaded into a Ruleset, decisions
// from plain objects (one, an array, or an array on libuv's thread pool), SLA
// clocks. The native module (src/) does the work; this file turns JS values
// into a short facts program for it and its JSON answers into JS values.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

function loadAddon() {
  const built = path.join(__dirname, 'build', 'crmrules.node');
  const file = process.env.CRMRULES_NODE_ADDON ? path.resolve(process.env.CRMRULES_NODE_ADDON) : built;
  if (!fs.existsSync(file)) {
    throw new Error(
      `crmrules: the native module is not built (no ${file}). Build it with ` +
        '`npm rebuild crmrules` (npm may have skipped its install script: ' +
        '`npm install-scripts approve crmrules`, or install with --allow-scripts=crmrules)'
    );
  }
  return require(file);
}

const native = loadAddon();

// crm_type, as include/crmrules.h numbers it
const T_BOOL = 1, T_INT = 2, T_NUMBER = 3, T_MONEY = 4, T_STRING = 5;
const T_DATETIME = 7, T_LIST = 9;
const TYPE_NAMES = ['unknown', 'bool', 'int', 'number', 'money', 'string', 'date',
  'datetime', 'duration', 'list'];
// The ops of a facts program (src/addon.h, CRMN_K_*)
const K_BOOL = 0, K_INT = 1, K_NUMBER = 2, K_MONEY = 3, K_DATETIME = 4;
const K_STRING = 5, K_MONEY_TEXT = 6, K_TEXT = 7, K_JSON = 8, K_SKIP = 15;
// The outputs of a synchronous call (CRMN_R_*)
const R_NULL = 0, R_BOOL = 1, R_NUMBER = 2, R_STRING = 3;
// crm_name_kind
const NAME_FACT = 1, NAME_DECISION = 2, NAME_TIMER = 3;

// Money as a JS number is taken when it is an exact number of cents, as its
// shortest text reads (what JSON.stringify writes and the JSON reader
// reads); up to 2^43 units only one such amount is near any double.
const MONEY_FAST_MAX = 2 ** 43 * 100;
// The instants the library knows: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z
const MIN_MS = -62135596800000, MAX_MS = 253402300799999;
const BATCH_CHUNK = 4096;
const KEY_CACHE = 64;

/** An error of crmrules: code is the library's ("syntax", "missing", ...),
 * file, line and column say where in a rule file. */
class CrmError extends Error {
  constructor(message, code) {
    super(message);
    this.code = code;
  }
}
CrmError.prototype.name = 'CrmError';

// An Error from the library's {"$error": {...}} object.
function fromError(e) {
  const where = e.file !== undefined && e.file !== '<facts>';
  const err = new CrmError(where ? `${e.file}:${e.line}:${e.column}: ${e.message}` : e.message,
    e.code);
  if (where) {
    err.file = e.file;
    err.line = e.line;
    err.column = e.column;
  }
  if (e.missing !== undefined) err.missing = e.missing;
  if (e.tried !== undefined) err.tried = e.tried;
  return err;
}

function fromErrorText(text) {
  return fromError(JSON.parse(text).$error);
}

function explainFlags(options) {
  if (options === undefined || options === null) return 0;
  if (typeof options !== 'object') throw new TypeError('crmrules: options must be an object');
  const e = options.explain;
  if (e === undefined || e === false) return 0;
  if (e === true) return 1;
  if (e === 'full') return 2;
  throw new TypeError("crmrules: explain is true, false or 'full'");
}

function errorMode(options) {
  const m = options === undefined || options === null ? undefined : options.errors;
  if (m === undefined || m === 'throw') return false;
  if (m === 'return') return true;
  throw new TypeError("crmrules: errors is 'throw' or 'return'");
}

// A Date as the library's text: whole seconds, UTC.
function isoSeconds(date) {
  const ms = date.getTime();
  if (!(ms >= MIN_MS && ms <= MAX_MS)) return String(date);
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function jsonReplacer(key, value) {
  const raw = this[key];
  if (raw instanceof Date) return isoSeconds(raw);
  if (typeof raw === 'bigint') return String(raw); // read as the item's type, exactly
  return value;
}

// One fact's value as JSON text for the JSON reader (lists, and values
// no other op takes: the reader then says what is wrong, as it does).
function factJSON(key, v) {
  let text;
  if (typeof v === 'bigint') text = String(v);
  else {
    try {
      text = JSON.stringify(v, jsonReplacer);
    } catch (e) {
      throw new CrmError(`fact '${key}': ${e.message}`, 'type');
    }
  }
  if (text === undefined) throw new CrmError(`fact '${key}': a ${typeof v} is no value`, 'type');
  return `{${JSON.stringify(key)}:${text}}`;
}

const token = Symbol('crmrules.Ruleset');

class Ruleset {
  #h;
  #codes; // fact name -> (slot << 4) | type
  #decisions; // decision name -> index
  #facts;
  #decisionNames;
  #decisionFacts;
  #timers;
  #ops;
  #nums;
  #strs;
  #nstrs = 0; // strings #encode wrote
  #rtags;
  #rnums;
  #rstrs;
  #outNames = []; // per decision, once it has decided
  // The keys of the last object, in its order, and their codes: hosts
  // send objects of one shape, so a key is mostly where it was.
  #keys = new Array(KEY_CACHE).fill(undefined);
  #keyCodes = new Int32Array(KEY_CACHE);
  #batches = 0; // in flight: close() waits for them
  // decideBatch's chunk, encoded (made by the first batch)
  #batchOps = new Int32Array(0);
  #batchNums = new Float64Array(0);
  #batchStarts = new Int32Array(BATCH_CHUNK + 1);
  #batchStrs = [];
  #closed = false;

  constructor(key, h, warnings) {
    if (key !== token) throw new TypeError('crmrules: use load() to make a Ruleset');
    this.#h = h;
    const [names, types, decisions, timers, ops, nums, rtags, rnums, values, decFacts] =
      native.info(h);
    this.#codes = new Map();
    this.#facts = [];
    for (let i = 0; i < names.length; i++) {
      this.#codes.set(names[i], (i << 4) | types[i]);
      const fact = { name: names[i], type: TYPE_NAMES[types[i]] };
      if (values[i] !== null) fact.values = Object.freeze(values[i].map((t) => JSON.parse(t)));
      this.#facts.push(Object.freeze(fact));
    }
    this.#decisionFacts = decFacts.map((slots) => Object.freeze(slots.map((k) => names[k])));
    this.#decisions = new Map(decisions.map((n, i) => [n, i]));
    this.#decisionNames = Object.freeze(decisions);
    this.#timers = Object.freeze(timers);
    this.#ops = new Int32Array(ops);
    this.#nums = new Float64Array(nums);
    this.#strs = new Array(names.length).fill(undefined);
    this.#rtags = new Int32Array(rtags);
    this.#rnums = new Float64Array(rnums);
    this.#rstrs = new Array(this.#rtags.length).fill(undefined);
    /** Warnings of the load, as {severity, code, message, file, line, column}. */
    this.warnings = Object.freeze(warnings);
  }

  /** The declared facts, as {name, type, values (when declared)}. */
  get facts() {
    return this.#facts;
  }

  /** The names of the decisions. */
  get decisions() {
    return this.#decisionNames;
  }

  /** The names of the facts decision `name` may read (its chained
   * decisions' too): a facts object for it needs no other key. */
  factsOf(name) {
    this.#handle();
    return this.#decisionFacts[this.#decision(name)];
  }

  /** The names of the timers. */
  get timers() {
    return this.#timers;
  }

  #handle() {
    if (this.#closed) throw new CrmError('crmrules: the ruleset is closed', 'closed');
    return this.#h;
  }

  #decision(name) {
    const d = this.#decisions.get(name);
    if (d !== undefined) return d;
    if (typeof name !== 'string') throw new TypeError('crmrules: a decision name is a string');
    const near = native.suggest(this.#handle(), NAME_DECISION, name);
    throw new CrmError(`unknown decision '${name}'${near ? ` (did you mean '${near}'?)` : ''}`,
      'unknown');
  }

  #unknownFact(key) {
    const near = native.suggest(this.#h, NAME_FACT, key);
    return new CrmError(`unknown fact '${key}'${near ? ` (did you mean '${near}'?)` : ''}`,
      'unknown');
  }

  // Write the facts program of one object at ops[at..], its strings at
  // strs[s..] (s is this.#nstrs, which it moves on); returns how many ops.
  // Each key is one op: the typed setter where the value is already of the
  // fact's type, else the value's text as the JSON reader reads it.
  #encode(facts, ops, nums, at, strs) {
    if (typeof facts !== 'object' || facts === null || Array.isArray(facts))
      throw new CrmError('facts must be an object of name: value', 'type');
    const codes = this.#codes, keys = this.#keys, keyCodes = this.#keyCodes;
    let k = at, s = this.#nstrs, j = 0;
    for (const key in facts) {
      const v = facts[key];
      if (v === undefined) continue; // no key, as JSON.stringify has it
      let code;
      if (keys[j] === key) {
        code = keyCodes[j];
      } else {
        code = codes.get(key);
        if (code === undefined) throw this.#unknownFact(key);
        if (j < KEY_CACHE) {
          keys[j] = key;
          keyCodes[j] = code;
        }
      }
      j++;
      if (v === null) continue; // unknown, as null is in JSON
      const type = code & 15;
      const op = code & ~15;
      // typeof compared with a literal compiles to a type check
      let text;
      if (typeof v === 'boolean') {
        if (type === T_BOOL) {
          ops[k] = op | K_BOOL;
          nums[k++] = v ? 1 : 0;
          continue;
        }
        text = v ? 'true' : 'false';
      } else if (typeof v === 'number') {
        if (type === T_NUMBER) {
          if (v - v === 0) { // finite
            ops[k] = op | K_NUMBER;
            nums[k++] = v;
            continue;
          }
        } else if (type === T_INT) {
          if (Number.isSafeInteger(v)) {
            ops[k] = op | K_INT;
            nums[k++] = v;
            continue;
          }
        } else if (type === T_MONEY) {
          const m = Math.round(v * 100);
          if (m / 100 === v && m < MONEY_FAST_MAX && m > -MONEY_FAST_MAX) {
            ops[k] = op | K_MONEY;
            nums[k++] = m;
            continue;
          }
        }
        text = String(v);
      } else if (typeof v === 'string') {
        if (type === T_STRING || type === T_MONEY) {
          ops[k] = op | (type === T_STRING ? K_STRING : K_MONEY_TEXT);
          nums[k++] = s;
          strs[s++] = v;
          continue;
        }
        text = v;
      } else if (typeof v === 'object') {
        if (v instanceof Date) {
          const ms = v.getTime();
          if (type === T_DATETIME && ms >= MIN_MS && ms <= MAX_MS) {
            ops[k] = op | K_DATETIME;
            nums[k++] = Math.floor(ms / 1000);
            continue;
          }
          text = isoSeconds(v);
        } else {
          ops[k] = op | K_JSON;
          nums[k++] = s;
          strs[s++] = factJSON(key, v);
          continue;
        }
      } else if (typeof v === 'bigint') {
        text = String(v);
      } else {
        throw new CrmError(`fact '${key}': a ${typeof v} is no value`, 'type');
      }
      if (type === T_LIST) {
        // a scalar for a list: the JSON reader's error
        ops[k] = op | K_JSON;
        nums[k++] = s;
        strs[s++] = factJSON(key, v);
        continue;
      }
      ops[k] = op | K_TEXT;
      nums[k++] = s;
      strs[s++] = text;
    }
    this.#nstrs = s;
    return k - at;
  }

  // The outputs the native call left in the result buffers, as an object.
  #result(d, n) {
    let names = this.#outNames[d];
    if (names === undefined) names = this.#outNames[d] = native.outputNames(this.#h);
    const tags = this.#rtags, nums = this.#rnums, strs = this.#rstrs;
    const out = {};
    for (let i = 0; i < n; i++) {
      const t = tags[i];
      let v;
      if (t === R_STRING) {
        v = strs[i];
        strs[i] = undefined;
      } else if (t === R_NUMBER) {
        v = nums[i];
      } else if (t === R_BOOL) {
        v = nums[i] !== 0;
      } else if (t === R_NULL) {
        v = null;
      } else {
        v = JSON.parse(strs[i]);
        strs[i] = undefined;
      }
      out[names[i]] = v;
    }
    return out;
  }

  // One decision: the result object, or a CrmError (returned, not thrown).
  #one(h, d, facts, flags) {
    const strs = this.#strs;
    let r;
    this.#nstrs = 0;
    try {
      const n = this.#encode(facts, this.#ops, this.#nums, 0, strs);
      r = native.decide(h, d, n, strs, flags, this.#rstrs);
    } catch (e) {
      if (e instanceof CrmError) return e;
      throw e;
    } finally {
      // keep no caller's string alive
      for (let i = this.#nstrs - 1; i >= 0; i--) strs[i] = undefined;
    }
    if (typeof r === 'number') return this.#result(d, r);
    if (typeof r === 'string') return JSON.parse(r);
    return fromErrorText(r[0]);
  }

  /**
   * Decide `name` for one facts object, synchronously; returns the outputs
   * as `crmrules eval` prints them (money as exact strings), or throws a
   * CrmError. options.explain: true or 'full' adds "$explain".
   */
  decide(name, facts, options) {
    const h = this.#handle();
    const d = this.#decision(name);
    const r = this.#one(h, d, facts, explainFlags(options));
    if (r instanceof CrmError) throw r;
    return r;
  }

  /**
   * decide for each object of an array. options.errors: 'throw' (the
   * default: the first error, with its index) or 'return' (the CrmError in
   * the item's place).
   */
  decideMany(name, items, options) {
    const h = this.#handle();
    const d = this.#decision(name);
    if (!Array.isArray(items)) throw new TypeError('crmrules: decideMany takes an array');
    const flags = explainFlags(options), keep = errorMode(options);
    const out = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const r = this.#one(h, d, items[i], flags);
      if (r instanceof CrmError) {
        r.index = i;
        if (!keep) throw r;
      }
      out[i] = r;
    }
    return out;
  }

  /**
   * As decideMany, decided on libuv's thread pool: a Promise of the
   * results, or of the first error as decideMany throws it. The array is
   * read a chunk at a time on the calling thread, each chunk decided on the
   * pool with a context of its own while the event loop goes on.
   */
  decideBatch(name, items, options) {
    let d, flags, keep;
    try {
      this.#handle();
      d = this.#decision(name);
      if (!Array.isArray(items)) throw new TypeError('crmrules: decideBatch takes an array');
      flags = explainFlags(options);
      keep = errorMode(options);
    } catch (e) {
      return Promise.reject(e);
    }
    this.#batches++;
    return new Promise((resolve, reject) => {
      const out = new Array(items.length);
      let next = 0, pending = 0, failed = false, first = null;
      const settle = () => {
        if (failed || pending > 0 || next < items.length) return;
        this.#batchDone();
        if (first !== null && !keep) reject(first);
        else resolve(out);
      };
      const fail = (e) => {
        if (failed) return;
        failed = true;
        this.#batchDone();
        reject(e);
      };
      const error = (e, i) => {
        e.index = i;
        if (first === null || i < first.index) first = e;
        out[i] = e;
      };
      const pump = () => {
        if (failed) return;
        const start = next, end = Math.min(items.length, start + BATCH_CHUNK);
        next = end;
        let p;
        try {
          p = this.#queueChunk(d, items, start, end, flags, error);
        } catch (e) {
          fail(e);
          return;
        }
        pending++;
        p.then((text) => {
          pending--;
          if (failed) return;
          let i = start;
          for (const r of JSON.parse(text)) {
            if (r === null) { // not encoded: its error is in place
            } else if (r.$error !== undefined) error(fromError(r.$error), i);
            else out[i] = r;
            i++;
          }
          settle();
        }, fail);
        if (next < items.length) setImmediate(pump);
        else settle();
      };
      pump();
    });
  }

  // One chunk of a batch, items[start..end), encoded and handed to the
  // pool: a Promise of its results' JSON text. An item that cannot be
  // encoded is decided as nothing (null) and its error goes to error().
  #queueChunk(d, items, start, end, flags, error) {
    const nfacts = this.#facts.length || 1;
    // the batch buffers are this ruleset's, reused: the module copies what
    // it needs before native.batch returns
    const starts = this.#batchStarts, strs = this.#batchStrs;
    let ops = this.#batchOps, nums = this.#batchNums;
    let at = 0;
    this.#nstrs = 0;
    try {
      for (let i = start; i < end; i++) {
        starts[i - start] = at;
        if (at + nfacts > ops.length) {
          const cap = Math.max(ops.length * 2, at + nfacts, (end - start) * Math.min(nfacts, 16));
          const o = new Int32Array(cap), n = new Float64Array(cap);
          o.set(ops.subarray(0, at));
          n.set(nums.subarray(0, at));
          this.#batchOps = ops = o;
          this.#batchNums = nums = n;
        }
        const s0 = this.#nstrs;
        try {
          at += this.#encode(items[i], ops, nums, at, strs);
        } catch (e) {
          if (!(e instanceof CrmError)) throw e;
          this.#nstrs = s0;
          error(e, i);
          ops[at] = K_SKIP;
          nums[at++] = 0;
        }
      }
      starts[end - start] = at;
      return native.batch(this.#h, d, end - start, at, ops, nums, strs, this.#nstrs, starts, flags);
    } finally {
      strs.length = 0; // keep no caller's string alive
    }
  }

  #batchDone() {
    if (--this.#batches === 0 && this.#closed && this.#h !== null) {
      native.close(this.#h);
      this.#h = null;
    }
  }

  /**
   * Decide from JSON text (one facts object): the line `crmrules eval`
   * prints for it, the result or {"$error": ...}, as a string.
   */
  decideJSON(name, text, options) {
    this.#handle();
    const d = this.#decision(name);
    if (typeof text !== 'string') throw new TypeError('crmrules: decideJSON takes JSON text');
    return native.decideJSON(this.#handle(), d, text, explainFlags(options));
  }

  /**
   * The state of SLA timer `timer` started at `start` (ISO 8601 text with
   * an offset, or a Date), as `crmrules sla` prints it. options: pauses
   * ([{start, end}] or [[start, end]]; a pause without end lasts until now),
   * stop, now (default: stop, else start; no call reads the clock).
   */
  sla(timer, start, options) {
    const h = this.#handle();
    if (typeof timer !== 'string') throw new TypeError('crmrules: a timer name is a string');
    const o = options === undefined || options === null ? {} : options;
    if (typeof o !== 'object') throw new TypeError('crmrules: options must be an object');
    const t0 = instantOf(start, 'start');
    const stopped = o.stop !== undefined && o.stop !== null;
    const stop = stopped ? instantOf(o.stop, 'stop') : 0;
    const now = o.now !== undefined && o.now !== null ? instantOf(o.now, 'now') : stopped ? stop : t0;
    let pauses = null;
    if (o.pauses !== undefined && o.pauses !== null) {
      if (!Array.isArray(o.pauses)) throw new TypeError('crmrules: pauses is an array');
      pauses = new Float64Array(o.pauses.length * 2);
      o.pauses.forEach((p, i) => {
        const a = Array.isArray(p) ? p[0] : p && p.start;
        const b = Array.isArray(p) ? p[1] : p && p.end;
        pauses[2 * i] = instantOf(a, `pauses[${i}].start`);
        pauses[2 * i + 1] = b === undefined || b === null ? now : instantOf(b, `pauses[${i}].end`);
      });
    }
    const r = native.sla(h, timer, t0, pauses, stopped, stop, now);
    if (typeof r === 'string') return { timer, ...JSON.parse(r) };
    if (r.length === 2) return { timer, ...JSON.parse(r[0]), escalates_to: r[1] };
    const err = fromErrorText(r[0]);
    if (err.code === 'unknown' && !this.#timers.includes(timer)) {
      const near = native.suggest(h, NAME_TIMER, timer);
      if (near) err.message += ` (did you mean '${near}'?)`;
    }
    throw err;
  }

  /** Free the ruleset now rather than when it is collected (batches in
   * flight finish first). Later calls throw. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#batches === 0) {
      native.close(this.#h);
      this.#h = null;
    }
  }
}

const INSTANT_ERRORS = { [-1]: 'syntax', [-7]: 'invalid' };

function instantOf(v, what) {
  if (typeof v === 'string') {
    const t = native.parseInstant(v);
    if (typeof t === 'number') return t;
    throw new CrmError(`${what}: "${v}" is not an ISO 8601 instant with an offset ` +
      '(2026-10-01T09:00:00+08:00)', INSTANT_ERRORS[t[0]] || 'invalid');
  }
  if (v instanceof Date) {
    const ms = v.getTime();
    if (ms >= MIN_MS && ms <= MAX_MS) return Math.floor(ms / 1000);
    throw new CrmError(`${what}: ${String(v)} is outside the years 1-9999`, 'invalid');
  }
  throw new CrmError(`${what}: give an ISO 8601 string or a Date`, 'type');
}

function diagnostic([severity, text]) {
  const e = JSON.parse(text).$error;
  const d = { severity: severity === 1 ? 'warning' : 'error', code: e.code, message: e.message };
  if (e.file !== undefined) {
    d.file = e.file;
    d.line = e.line;
    d.column = e.column;
  }
  return Object.freeze(d);
}

/**
 * Load a rule file, a directory of them, or several (an array, loaded
 * together in order). options.warningsAsErrors makes gaps in tables fail.
 * Throws a CrmError at the first error (file, line, column; every
 * diagnostic in err.diagnostics).
 */
function load(pathOrPaths, options) {
  const paths = typeof pathOrPaths === 'string' ? [pathOrPaths] : pathOrPaths;
  if (!Array.isArray(paths) || paths.length === 0 || !paths.every((p) => typeof p === 'string'))
    throw new TypeError('crmrules: load takes a path or an array of paths');
  const wae = !!(options && options.warningsAsErrors);
  const [h, error, diags] = native.load(paths, wae);
  const diagnostics = diags.map(diagnostic);
  if (h === undefined) {
    const err = fromErrorText(error);
    err.diagnostics = diagnostics;
    throw err;
  }
  return new Ruleset(token, h, diagnostics.filter((d) => d.severity === 'warning'));
}

const v = native.version;
module.exports = {
  load,
  Ruleset,
  CrmError,
  version: `${Math.floor(v / 1000000)}.${Math.floor(v / 1000) % 1000}.${v % 1000}`,
};
// For the tests: bytes the library and the module hold, process-wide.
Object.defineProperty(module.exports, '_liveBytes', { value: native.liveBytes });
