/**
 * After scripts/build.mjs has written dist/ (tsc's declarations, esbuild's
 * JavaScript, one module per source file), bundle the package's entry points (the
 * library, `./testing`, `./simulator` and the `paxos-sim` CLI) so that
 * starting one loads a few files instead of about 120 modules: Node's ESM
 * loader pays for every file it opens, which was most of a cold start.
 *
 * The entries are rewritten in place and the code they share goes to
 * dist/chunks/, so every entry still uses one copy of each module (an error
 * class from `./simulator` is the same class as from `./testing`). npm
 * packages stay external. The other modules stay beside them, with their
 * .d.ts files, which the types point at.
 */
import { build } from 'esbuild';

const entries = ['dist/src/index.js', 'dist/src/testing.js', 'dist/src/testing/simulator.js', 'dist/simulator/cli.js'];

await build({
  entryPoints: entries,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  outbase: 'dist',
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  allowOverwrite: true,
  logLevel: 'warning',
});
