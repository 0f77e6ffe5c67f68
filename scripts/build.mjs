/**
 * `npm run build` (and so `npm pack`'s prepack): a clean dist/ holding the
 * package as published.
 *
 * 1. tsc type-checks the sources (tsconfig.build.json) and writes only their
 *    declarations (--emitDeclarationOnly): emitting JavaScript from tsc as
 *    well was a third of its time, and that JavaScript was then re-read by
 *    esbuild anyway.
 * 2. esbuild writes one .js beside each .d.ts tsc wrote, from the same
 *    source file (the modules tsc compiled, no more, no fewer), as plain
 *    transpiled ES modules, under tsconfig.build.json's settings.
 * 3. scripts/bundle-dist.mjs bundles the entry points in place.
 * 4. The generated API types and the scenario files are copied.
 *
 * PAXOS_BUILD_TYPECHECK=0 leaves out tsc's type-check (tsc --noCheck; the
 * declarations are the same): for a caller that type-checks the same sources
 * with the same settings itself, as scripts/test.sh does beside vitest while
 * test/package/pack.test.ts packs. Anything else (a release's `npm pack`, a
 * developer's build) type-checks.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);

rmSync(dist, { recursive: true, force: true });

const tscArgs = [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--emitDeclarationOnly'];
if (process.env.PAXOS_BUILD_TYPECHECK === '0') tscArgs.push('--noCheck');
try {
  execFileSync(process.execPath, tscArgs, { cwd: root, stdio: 'inherit' });
} catch {
  console.error('build: tsc failed (see above)');
  process.exit(1);
}

/** dist/a/b.d.ts → a/b.ts, for every declaration tsc emitted from a source file. */
function sourcesOfDeclarations(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...sourcesOfDeclarations(full));
    else if (entry.name.endsWith('.d.ts')) {
      const source = join(root, relative(dist, full)).replace(/\.d\.ts$/, '.ts');
      if (!existsSync(source)) throw new Error(`build: ${relative(root, full)} has no source ${relative(root, source)}`);
      found.push(source);
    }
  }
  return found;
}

await build({
  entryPoints: sourcesOfDeclarations(dist),
  bundle: false,
  format: 'esm',
  platform: 'node',
  target: 'es2022',
  outbase: root,
  outdir: dist,
  tsconfig: join(root, 'tsconfig.build.json'),
  logLevel: 'warning',
});

execFileSync(process.execPath, [join(root, 'scripts', 'bundle-dist.mjs')], { cwd: root, stdio: 'inherit' });

cpSync(join(root, 'src', 'generated'), join(dist, 'src', 'generated'), { recursive: true });
cpSync(join(root, 'fixtures', 'scenarios'), join(dist, 'fixtures', 'scenarios'), { recursive: true, filter: (p) => !p.endsWith('.ts') });
