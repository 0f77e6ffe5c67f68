/**
 * The layering rule: services and domain logic know nothing of HTTP. No file
 * under simulator/services/ or simulator/domain/ imports simulator/http/ or
 * hono (statically, by re-export, or by dynamic import()).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const LAYERS = ['simulator/services', 'simulator/domain'];
const HTTP_DIR = join(ROOT, 'simulator/http');

/** Every module specifier a source text imports, re-exports or import()s. */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]);
  return found;
}

/** The imports of `file` (with text `source`) that break the rule. */
function violations(file: string, source: string): string[] {
  return specifiersOf(source).filter((spec) => {
    if (spec === 'hono' || spec.startsWith('hono/') || spec.startsWith('@hono/')) return true;
    if (!spec.startsWith('.')) return false;
    const target = resolve(dirname(file), spec);
    return target === HTTP_DIR || target.startsWith(HTTP_DIR + '/');
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(e.name) ? [path] : [];
  });
}

describe('layering: services and domain are free of HTTP', () => {
  it('no file under simulator/services or simulator/domain imports simulator/http or hono', () => {
    const files = LAYERS.flatMap((d) => sourceFiles(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(20);
    const broken = files.flatMap((f) => violations(f, readFileSync(f, 'utf8')).map((spec) => `${relative(ROOT, f)} imports ${spec}`));
    expect(broken).toEqual([]);
  });

  it('the scan catches every form of a forbidden import, and lets others pass', () => {
    const file = join(ROOT, 'simulator/services/example.ts');
    expect(violations(file, "import { badRequest } from '../http/problem.js';")).toEqual(['../http/problem.js']);
    expect(violations(file, "import type { MiddlewareHandler } from 'hono';")).toEqual(['hono']);
    expect(violations(file, "import {\n  a,\n  b,\n} from 'hono/utils';")).toEqual(['hono/utils']);
    expect(violations(file, "export { loadSpec } from '../http/spec.js';")).toEqual(['../http/spec.js']);
    expect(violations(file, "const m = await import('../http/validate.js');")).toEqual(['../http/validate.js']);
    expect(violations(file, "import '../http/side-effect.js';")).toEqual(['../http/side-effect.js']);
    expect(violations(join(ROOT, 'simulator/domain/x.ts'), "import { x } from '../services/http-like.js';\nimport { y } from './errors.js';\nimport { z } from '../spec/spec.js';")).toEqual([]);
  });
});
