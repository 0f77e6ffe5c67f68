/**
 * The token endpoint reads an urlencoded form itself (routes/oauth-token.ts
 * urlencodedStrings) instead of through Hono's parseBody: the same fields for
 * the same bytes, including repeated names, `name[]` lists, `+`, percent
 * escapes, invalid UTF-8 and a leading BOM.
 */
import { parseBody } from 'hono/utils/body';
import { describe, expect, it } from 'vitest';
import { urlencodedStrings } from '../../../simulator/routes/oauth-token.js';

const bodies: Array<string | Uint8Array> = [
  'grant_type=client_credentials&client_id=paxos-sim-client&client_secret=paxos-sim-secret&scope=identity%3Aread_identity+identity%3Awrite_identity',
  'a=1&a=2&b=&c',
  'scope[]=x&scope[]=y&scope=z',
  '%E2%82%AC=%E2%82%AC&e=%FF&plus=a+b%2Bc',
  '',
  '&&=&x==y',
  new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('client_id=bom'), 0x26, 0x76, 0x3d, 0xc3]),
];

describe('urlencodedStrings', () => {
  it.each(bodies.map((b) => [b]))('gives what parseBody gives (string fields) for %j', async (body) => {
    const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
    const copy = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const viaHono = await parseBody(new Request('http://sim/oauth2/token', { method: 'POST', body: copy.slice(0), headers: { 'content-type': 'application/x-www-form-urlencoded' } }));
    const strings = Object.fromEntries(Object.entries(viaHono).filter(([, v]) => typeof v === 'string'));
    expect(urlencodedStrings(copy)).toEqual(strings);
  });
});
