import { it } from 'vitest';
import { createTestSandbox } from '../support/sandbox.js';
import { personBody } from '../support/bodies.js';
it('probe', async () => {
  const s = await createTestSandbox();
  for (let n = 1; n <= 400; n++) await s.api('POST', '/identity/identities', personBody(n));
  const r = await s.api('GET', `/identity/identities?order=ASC&limit=1000`);
  const items = r.body.items;
  console.log(items.length, items.slice(0, 4).map((x: any) => `${x.ref_id} ${x.created_at}`), items.slice(330, 336).map((x: any) => `${x.ref_id} ${x.created_at}`));
}, 60000);
