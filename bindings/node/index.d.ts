// SPDX-License-Identifier: MIT
// index.d.ts - the types of crmrules for Node.js.

/**
 * A fact's value as a host gives it. Each is read as the fact's declared type,
 * as the JSON reader reads the same value in JSON:
 * - bool: `true`/`false` (or "true"/"false")
 * - int: an integer number, a bigint, or its text ("12")
 * - number: a finite number, or its text
 * - money: a string of an exact decimal ("75000.10"), or a number that is an
 *   exact number of cents (75000.1; 0.1 + 0.2 is not), or a bigint of units
 * - string: a string (a number or bool is read as its text)
 * - date: "2026-10-01"
 * - datetime: "2026-10-01T09:00:00+08:00" (an offset is required), or a Date
 *   (to the second, milliseconds dropped)
 * - duration: seconds, or "90 min", "24 h", "3 d"
 * - list: an array of such values
 * `null` leaves the fact unknown; a key whose value is `undefined` is no key.
 */
export type FactValue =
  | boolean
  | number
  | bigint
  | string
  | Date
  | null
  | undefined
  | ReadonlyArray<boolean | number | bigint | string | Date>;

/** A facts object: fact name to value. A key that names no fact is an error. */
export type Facts = Readonly<Record<string, FactValue>>;

/**
 * An output's value as `crmrules eval` prints it in JSON: bool, number (int,
 * number; durations in seconds; an int past 2^53 loses precision as in any
 * JSON reader), string (strings; money as an exact decimal string "75000.10";
 * dates "2026-10-01"; instants in UTC "2026-10-01T01:00:00Z"), an array for
 * a list, null when unknown.
 */
export type OutputValue = boolean | number | string | null | OutputValue[];

/** A result: the decision's outputs by name ($provisional when a calendar day
 * past its data was assumed; $explain when asked for). */
export interface Result {
  [output: string]: OutputValue | Provisional | Explanation | undefined;
  $provisional?: Provisional;
  $explain?: Explanation;
}

export interface Provisional {
  /** the first day assumed past a calendar's data, "2027-01-01" */
  assumed_from: string;
}

export interface Fired {
  decision: string;
  rule: string;
  /** the facts the rule read, as JSON values */
  facts: Record<string, OutputValue>;
}

export interface Tried {
  decision: string;
  rule: string;
  input?: string;
  cell?: string;
  value?: OutputValue;
  when?: string;
  facts: Record<string, OutputValue>;
}

export interface Explanation {
  /** the rules that fired, chained decisions' first */
  fired: Fired[];
  /** with explain: 'full': the rules tried before those that fired */
  tried?: Tried[];
}

export interface DecideOptions {
  /** true: "$explain" with the rules that fired; 'full': and why earlier rules did not */
  explain?: boolean | 'full';
}

export interface ManyOptions extends DecideOptions {
  /** 'throw' (default): the first error, with its index; 'return': errors in place */
  errors?: 'throw' | 'return';
}

/** The code of an error, as `crmrules eval` names it. */
export type ErrorCode =
  | 'missing'
  | 'no_match'
  | 'conflict'
  | 'overflow'
  | 'limit'
  | 'unknown'
  | 'type'
  | 'syntax'
  | 'invalid'
  | 'range'
  | 'memory'
  | 'io'
  | 'regex'
  | 'duplicate'
  | 'cycle'
  | 'closed'
  | 'error';

/** An error of crmrules. Its message starts with file:line:column when it has a place in a rule file. */
export class CrmError extends Error {
  name: 'CrmError';
  code: ErrorCode;
  /** the rule file, 1-based line and column (rule-file and decision errors) */
  file?: string;
  line?: number;
  column?: number;
  /** code 'missing': every fact the decision would need that is not set */
  missing?: string[];
  /** explain: 'full' and no rule matched: why each did not */
  tried?: Tried[];
  /** load: every error and warning found */
  diagnostics?: Diagnostic[];
  /** decideMany, decideBatch: the item */
  index?: number;
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  code: ErrorCode;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface FactInfo {
  name: string;
  type: 'bool' | 'int' | 'number' | 'money' | 'string' | 'date' | 'datetime' | 'duration' | 'list';
  /** its allowed values, when declared */
  values?: OutputValue[];
}

/** An instant: ISO 8601 text with an offset, or a Date (to the second). */
export type Instant = string | Date;

export interface SlaOptions {
  /** paused intervals; a pause without end lasts until now */
  pauses?: ReadonlyArray<{ start: Instant; end?: Instant | null } | readonly [Instant, (Instant | null)?]>;
  /** the timer stopped then */
  stop?: Instant;
  /** when to take the state (default: stop, else start: no call reads the clock) */
  now?: Instant;
}

/** A timer's state, as `crmrules sla` prints it. */
export interface SlaState {
  timer: string;
  measure: 'wall' | 'working days' | 'business hours';
  status: 'running' | 'warning' | 'breached' | 'stopped';
  /** when the budget runs out, at the calendar's offset */
  due: string;
  /** seconds of the timer's measure */
  total: number;
  elapsed: number;
  remaining: number;
  /** the next warning or the breach, or null */
  next_alert: string | null;
  warnings_passed: number;
  breached_at_stop?: boolean;
  provisional?: true;
  assumed_from?: string;
  escalates_to?: string;
}

export interface LoadOptions {
  /** gaps in tables fail the load */
  warningsAsErrors?: boolean;
}

/** A compiled ruleset. Safe to use from its thread while its batches run on the pool. */
export class Ruleset {
  private constructor();
  /** the load's warnings */
  readonly warnings: readonly Diagnostic[];
  readonly facts: readonly FactInfo[];
  readonly decisions: readonly string[];
  readonly timers: readonly string[];
  /** the facts a decision may read (its chained decisions' too) */
  factsOf(decision: string): readonly string[];
  /** Decide synchronously. Throws a CrmError. */
  decide(decision: string, facts: Facts, options?: DecideOptions): Result;
  decideMany(decision: string, items: readonly Facts[], options?: ManyOptions & { errors?: 'throw' }): Result[];
  decideMany(decision: string, items: readonly Facts[], options: ManyOptions & { errors: 'return' }): (Result | CrmError)[];
  /** Decide on libuv's thread pool; the objects are read before it returns. */
  decideBatch(decision: string, items: readonly Facts[], options?: ManyOptions & { errors?: 'throw' }): Promise<Result[]>;
  decideBatch(decision: string, items: readonly Facts[], options: ManyOptions & { errors: 'return' }): Promise<(Result | CrmError)[]>;
  /** One JSON facts object in, the line `crmrules eval` prints out (a result or {"$error": ...}). */
  decideJSON(decision: string, json: string, options?: DecideOptions): string;
  /** A timer's state. */
  sla(timer: string, start: Instant, options?: SlaOptions): SlaState;
  /** Free the ruleset now (batches in flight finish first); later calls throw 'closed'. */
  close(): void;
}

/** Load a rule file, a directory of them, or several paths into one namespace. Throws a CrmError. */
export function load(pathOrPaths: string | readonly string[], options?: LoadOptions): Ruleset;

/** The library's version, "0.1.0". */
export const version: string;
