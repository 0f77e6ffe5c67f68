/**
 * @module routes/sim-docs
 * The API reference at /_sim/docs: our OpenAPI document rendered by Swagger UI
 * (the `swagger-ui-dist` package, served from node_modules, so the page needs
 * no network). Never part of the Paxos surface.
 *
 *   GET /_sim/docs                  the page
 *   GET /_sim/docs/openapi.json     our document, its servers pointing at this simulator
 *   GET /_sim/docs/openapi.yaml     our document as it is in the repository
 *   GET /_sim/docs/assets/<file>    the renderer's files
 *
 * Swagger UI's online validator badge is switched off (validatorUrl: null):
 * it would send the document to a third-party host.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Hono, type Context } from 'hono';
import { notFound } from '../http/problem.js';
import { methodNotAllowed } from '../http/request.js';
import { findSpecPath, loadSpec } from '../spec/spec.js';

export const DOCS_PATH = '/_sim/docs';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Paxos Identity API reference (paxos-sim)</title>
  <link rel="stylesheet" href="${DOCS_PATH}/assets/swagger-ui.css">
  <link rel="icon" type="image/png" href="${DOCS_PATH}/assets/favicon-32x32.png">
  <style>body { margin: 0 } .sim-bar { font: 14px system-ui, sans-serif; padding: 8px 16px; background: #1b1f24; color: #fff }
  .sim-bar a { color: #9cdcfe }</style>
</head>
<body>
  <div class="sim-bar">Paxos Identity API reference, served by the simulator from its OpenAPI document
    · <a href="/_sim/">dashboard</a> · <a href="${DOCS_PATH}/openapi.yaml">openapi.yaml</a></div>
  <div id="swagger-ui"></div>
  <script src="${DOCS_PATH}/assets/swagger-ui-bundle.js"></script>
  <script src="${DOCS_PATH}/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({
  url: '${DOCS_PATH}/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
});
`;

/** The folder of swagger-ui-dist, wherever npm put it. */
export function rendererDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('swagger-ui-dist/package.json'));
}

/** Our document with its servers replaced by this simulator's origin (so "Try it out" calls it). */
export function documentFor(origin: string): Record<string, unknown> {
  const doc = structuredClone(loadSpec().doc) as Record<string, any>;
  doc.servers = [{ url: `${origin}/v2`, description: 'This simulator' }];
  const token = doc.paths?.['/oauth2/token'];
  if (token) token.servers = [{ url: origin, description: 'This simulator' }];
  const flows = doc.components?.securitySchemes?.OAuth2?.flows?.clientCredentials;
  if (flows) flows.tokenUrl = `${origin}/oauth2/token`;
  return doc;
}

export function createSimDocsRoutes(): Hono {
  const dir = rendererDir();
  const cache = new Map<string, Buffer>();
  const app = new Hono();
  const page = (c: Context) => c.html(PAGE, 200, { 'cache-control': 'no-store' });
  app.get('/', page);
  app.get('/:slash{/?}', page);
  app.get('/init.js', (c) => c.body(INIT, 200, { 'content-type': 'text/javascript; charset=utf-8' }));
  app.get('/openapi.json', (c) => c.json(documentFor(new URL(c.req.url).origin)));
  app.get('/openapi.yaml', (c) => c.body(readFileSync(findSpecPath(), 'utf8'), 200, { 'content-type': 'application/yaml; charset=utf-8' }));
  app.get('/assets/:file', (c) => {
    const file = c.req.param('file');
    const type = ASSETS[file];
    if (!type) throw notFound(`no docs asset ${file}`);
    let body = cache.get(file);
    if (!body) cache.set(file, (body = readFileSync(join(dir, file))));
    return c.body(new Uint8Array(body), 200, { 'content-type': type, 'cache-control': 'public, max-age=3600' });
  });
  app.get('/*', (c) => {
    throw notFound(`no docs page ${c.req.path}`);
  });
  app.all('/*', methodNotAllowed('GET'));
  return app;
}
