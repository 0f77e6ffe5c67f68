/**
 * @module routes/identity-documents
 * /v2/identity/identities/{identity_id}/documents: ListIdentityDocuments and
 * DocumentUpload (step one of the upload; step two is routes/uploads.ts).
 */
import { Hono } from 'hono';
import { requireScope, type AuthEnv } from '../http/auth.js';
import { readJsonBody } from '../http/body.js';
import { methodNotAllowed, publicOrigin, queryOf } from '../http/request.js';
import type { RequestValidator } from '../http/validate.js';
import type { SimContext } from '../services/context.js';
import { documentUpload, fileNameRule, isFileName, listIdentityDocuments } from '../services/documents.js';

export function createIdentityDocumentRoutes(ctx: SimContext, validator: RequestValidator): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get('/:identity_id/documents', requireScope('identity:read_identity'), function listIdentityDocumentsHandler(c) {
    const q = validator.query('ListIdentityDocuments', queryOf(c));
    return c.json(listIdentityDocuments(ctx, c.get('auth').clientId, c.req.param('identity_id'), q.include_pending_docs ?? false));
  });
  app.put('/:identity_id/documents', requireScope('identity:write_identity'), async function documentUploadHandler(c) {
    const raw = await readJsonBody(c);
    // Paxos's own 400 text for a missing or too long name (REFERENCE.md §2.13) wins over the schema message.
    const name = (raw as { name?: unknown } | null)?.name;
    if (typeof raw === 'object' && raw !== null && !isFileName(name)) {
      return c.json({ type: 'about:blank', title: 'Bad Request', status: 400, detail: fileNameRule() }, 400);
    }
    const body = validator.body('DocumentUpload', raw);
    return c.json(await documentUpload(ctx, c.get('auth').clientId, c.req.param('identity_id'), body, publicOrigin(c)));
  });
  app.all('/:identity_id/documents', methodNotAllowed('GET, PUT'));
  return app;
}
