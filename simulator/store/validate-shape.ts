/**
 * @module store/validate-shape
 * Checks that a parsed data file has the shape the store works with, before
 * anything is built on it: a wrong shape (a file holding only `null`,
 * `identities: null`, a record without `_sim`, a clock that is not numbers)
 * is refused like a corrupt file, with one clear message, and the file is
 * left as it is.
 *
 * Only what the simulator relies on is checked: one table of required fields
 * per collection.
 */
import { parseRules } from '../domain/decision-rules.js';
import { documentTypes } from '../services/spec-enums.js';
import { SCHEMA_VERSION } from './shape.js';

export class DataShapeError extends Error {}

type Kind = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** Required fields per collection; `a.b` is a field of the nested object `a`. */
const REQUIRED: Record<string, Record<string, Kind>> = {
  identities: { id: 'string', _sim: 'object', '_sim.client_id': 'string', '_sim.seq': 'number' },
  documents: { identity_id: 'string', client_id: 'string', upload_key: 'string' },
  members: { institution_id: 'string', identity_id: 'string', client_id: 'string' },
  events: { id: 'string', type: 'string', created_at: 'string', _sim: 'object', '_sim.client_id': 'string', '_sim.seq': 'number' },
  deliveries: { id: 'string', event_id: 'string', consumer_id: 'string', status: 'string', attempts: 'array', seq: 'number' },
  jobs: { id: 'string', kind: 'string', identity_id: 'string', due_at: 'string', seq: 'number' },
  tokens: { token: 'string', client_id: 'string', scopes: 'array', expires_at: 'string' },
  consumers: { id: 'string', url: 'string', event_types: 'array', auth: 'object', 'auth.type': 'string' },
};

const CLOCK_FIELDS: Record<string, Kind> = { frozen: 'boolean', offsetMs: 'number', frozenAtMs: 'number' };

function kindOf(v: unknown): Kind | 'null' | 'undefined' | 'other' {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isFinite(v) ? 'number' : 'other';
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'object' || typeof v === 'undefined') return typeof v as Kind;
  return 'other';
}

function fieldAt(record: Record<string, unknown>, parts: readonly string[]): unknown {
  let node: unknown = record;
  for (const part of parts) {
    if (kindOf(node) !== 'object' || !Object.hasOwn(node as object, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/** REQUIRED with each path split once (rows are checked one by one as a store of 100k loads) */
const REQUIRED_PATHS: Record<string, Array<[path: string, parts: string[], kind: Kind]>> = Object.fromEntries(
  Object.entries(REQUIRED).map(([c, fields]) => [c, Object.entries(fields).map(([path, kind]) => [path, path.split('.'), kind])]),
);

const wrongShape = (where: string, expected: string, found: unknown) =>
  new DataShapeError(`the data has the wrong shape: ${where} must be ${expected}, found ${kindOf(found)}`);

/**
 * Check one record of a collection (the store checks each row this way as it
 * loads rows kept as text; validateDataShape checks a parsed document).
 */
export function validateRow(collection: string, key: string, row: unknown): void {
  const fields = REQUIRED_PATHS[collection];
  if (!fields) return;
  if (kindOf(row) !== 'object') throw wrongShape(`${collection}[${JSON.stringify(key)}]`, 'an object', row);
  for (const [path, parts, kind] of fields) {
    const value = fieldAt(row as Record<string, unknown>, parts);
    if (kindOf(value) !== kind) throw wrongShape(`${collection}[${JSON.stringify(key)}].${path}`, `a${kind === 'object' || kind === 'array' ? 'n' : ''} ${kind}`, value);
  }
}

/**
 * The data, unchanged, when it has the store's shape; throws DataShapeError naming the first problem.
 * A file of another schema version is passed through for the store's own version message.
 * @example
 * const data = validateDataShape(JSON.parse(text));
 */
export function validateDataShape<T>(data: T): T {
  if (kindOf(data) !== 'object') throw new DataShapeError(`the data has the wrong shape: expected a JSON object, found ${kindOf(data)}`);
  const db = data as Record<string, unknown>;
  if (db.version !== SCHEMA_VERSION) return data;
  const wrong = wrongShape;
  if (Object.hasOwn(db, 'seq') && kindOf(db.seq) !== 'number') throw wrong('seq', 'a number', db.seq);
  for (const collection of Object.keys(REQUIRED)) {
    if (!Object.hasOwn(db, collection)) continue;
    const rows = db[collection];
    if (kindOf(rows) !== 'object') throw wrong(collection, 'an object of records', rows);
    for (const [key, row] of Object.entries(rows as Record<string, unknown>)) validateRow(collection, key, row);
  }
  if (Object.hasOwn(db, 'settings')) {
    const settings = db.settings;
    if (kindOf(settings) !== 'object') throw wrong('settings', 'an object', settings);
    const rules = (settings as Record<string, unknown>).rules;
    if (rules !== undefined) {
      const parsed = parseRules(rules, documentTypes());
      if (!parsed.ok) throw new DataShapeError(`the data has the wrong shape: settings.rules (stored by PUT /_sim/rules) are not valid rules: ${parsed.error}`);
    }
    const clock = (settings as Record<string, unknown>).clock;
    if (clock !== undefined) {
      if (kindOf(clock) !== 'object') throw wrong('settings.clock', 'an object', clock);
      for (const [field, kind] of Object.entries(CLOCK_FIELDS)) {
        const value = (clock as Record<string, unknown>)[field];
        if (kindOf(value) !== kind) throw wrong(`settings.clock.${field}`, `a ${kind}`, value);
      }
    }
  }
  return data;
}
