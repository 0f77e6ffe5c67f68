/**
 * @module dashboard/assets
 * The dashboard's static files (simulator/dashboard/public: HTML, CSS and
 * plain ES modules, no build step), read once at start-up. The folder is
 * found relative to this module, so it works from the sources (tsx) and from a
 * `dist/` build, which tsc fills with .js files only.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Asset {
  body: string;
  contentType: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** Where the public folder may be: beside this module, or back in the sources from dist/. */
const CANDIDATES = ['./public/', '../../../simulator/dashboard/public/', '../../simulator/dashboard/public/', '../dashboard/public/'];

export function findAssetDir(base: string | URL = import.meta.url): string {
  for (const candidate of CANDIDATES) {
    const dir = fileURLToPath(new URL(candidate, base));
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new Error(`dashboard assets not found (looked for index.html in ${CANDIDATES.join(', ')} relative to ${String(base)})`);
}

/**
 * Read every asset of the folder into memory.
 * @example
 * const assets = loadDashboardAssets(); assets.get('index.html')?.contentType; // 'text/html; charset=utf-8'
 */
export function loadDashboardAssets(dir = findAssetDir()): Map<string, Asset> {
  const out = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const contentType = TYPES[extname(name)];
    if (contentType) out.set(name, { body: readFileSync(join(dir, name), 'utf8'), contentType });
  }
  return out;
}

/**
 * With a control-API token in the page URL, every asset URL must carry it too
 * (the control API guards them): add `?token=` to the page's asset links and to
 * the modules' relative imports. The token has already been checked.
 */
export function withToken(asset: Asset, token: string | undefined): string {
  if (!token) return asset.body;
  const q = `?token=${encodeURIComponent(token)}`;
  if (asset.contentType.startsWith('text/html')) return asset.body.replace(/(href|src)="(\/_sim\/dashboard\/[\w.-]+)"/g, `$1="$2${q}"`);
  if (asset.contentType.startsWith('text/javascript')) return asset.body.replace(/from '(\.\/[\w-]+\.js)'/g, `from '$1${q}'`);
  return asset.body;
}
