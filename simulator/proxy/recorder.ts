/**
 * @module proxy/recorder
 * `--record DIR`: the exchanges of one proxy run as a scenario-style fixture
 * (name, title, description, then steps in order), PII redacted (proxy/redact.ts).
 * The file is rewritten after every exchange, so a killed proxy leaves a
 * complete recording of what it saw.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Exchange } from './check.js';
import { Redactor } from './redact.js';

export interface RecordedStep {
  request: { method: string; path: string; query?: Record<string, string>; headers: Record<string, string>; body?: unknown };
  response: { status: number; headers: Record<string, string>; body?: unknown };
  operation?: string;
  mismatches: string[];
}

export interface Recording {
  name: string;
  title: string;
  description: string;
  target: string;
  recorded_at: string;
  steps: RecordedStep[];
}

/** Headers worth keeping in a fixture (the rest is transport noise). */
const KEEP_HEADERS = ['content-type', 'authorization', 'retry-after', 'www-authenticate', 'location', 'x-sim-token', 'cookie', 'set-cookie', 'x-api-key'];

function pick(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => KEEP_HEADERS.includes(k.toLowerCase())));
}

function body(redactor: Redactor, contentType: string | undefined, text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  if (/json/i.test(contentType ?? '')) {
    try {
      return redactor.json(JSON.parse(text));
    } catch {
      return { unparsed: text };
    }
  }
  if (/x-www-form-urlencoded/i.test(contentType ?? '')) return { form: redactor.form(text) };
  return { text };
}

export interface Recorder {
  add(exchange: Exchange & { requestHeaders: Record<string, string>; responseHeaders: Record<string, string> }, operation: string | undefined, mismatches: string[]): void;
  /** the file written */
  path: string;
}

export function createRecorder(options: { dir: string; target: string; now: () => Date; name?: string; redactor?: Redactor }): Recorder {
  mkdirSync(options.dir, { recursive: true });
  const started = options.now();
  const name = options.name ?? `proxy-${started.toISOString().replace(/[:.]/g, '-')}`;
  const path = join(options.dir, `${name}.json`);
  const redactor = options.redactor ?? new Redactor();
  const steps: RecordedStep[] = [];
  const write = () => {
    const recording: Recording = {
      name,
      title: `Recorded through paxos-sim proxy`,
      description: `Exchanges with ${options.target}, in order; PII redacted (see README, "Proxy").`,
      target: options.target,
      recorded_at: started.toISOString(),
      steps,
    };
    writeFileSync(path, `${redactor.scrub(JSON.stringify(recording, null, 2))}\n`);
  };
  return {
    path,
    add(ex, operation, mismatches) {
      steps.push({
        request: {
          method: ex.method,
          path: ex.path,
          ...(Object.keys(ex.query).length && { query: redactor.json(ex.query) as Record<string, string> }),
          headers: redactor.headers(pick(ex.requestHeaders)),
          body: body(redactor, ex.requestContentType, ex.requestBody),
        },
        response: { status: ex.status, headers: redactor.headers(pick(ex.responseHeaders)), body: body(redactor, ex.responseContentType, ex.responseBody) },
        ...(operation !== undefined && { operation }),
        mismatches,
      });
      write();
    },
  };
}
