import { createSimulator } from '/work/wt-h11b/simulator/app.js';
import { loadConfig, DEFAULT_CLIENT } from '/work/wt-h11b/simulator/config.js';
import { silentLogger } from '/work/wt-h11b/simulator/logger.js';
const sim = await createSimulator({ config: loadConfig({ argv: ['--memory', '--log-level', 'silent', '--review-delay', '1h'] }), logger: silentLogger });
const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT.client_id, client_secret: DEFAULT_CLIENT.client_secret });
const tok = ((await (await sim.app.request('/oauth2/token', { method: 'POST', body: form })).json()) as any).access_token;
const ids: string[] = [];
const N = 2000;
for (let n = 0; n < N; n++) {
  const res = await sim.app.request('/v2/identity/identities', { method: 'POST', headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' }, body: JSON.stringify({ ref_id: `r${n}`, person_details: { verifier_type: 'PASSTHROUGH', passthrough_verifier_type: 'PERSONA', passthrough_verified_at: '2025-01-01T12:00:00Z', passthrough_verification_id: `inq_${n}`, passthrough_verification_status: 'APPROVED', passthrough_verification_fields: ['FULL_LEGAL_NAME'], first_name: 'B', last_name: `P ${n}`, date_of_birth: '1990-01-01', nationality: 'USA', cip_id: `${100 + (n % 800)}-${10 + Math.floor(n / 800)}-${String(n % 10000).padStart(4, '0')}`, cip_id_type: 'SSN', cip_id_country: 'USA', address: { address1: '1 Main St', city: 'New York', province: 'NY', country: 'USA', zip_code: '10001' } }, customer_due_diligence: { estimated_yearly_income: 'INCOME_50K_TO_100K', expected_transfer_value: 'TRANSFER_VALUE_0_TO_25K', source_of_wealth: 'EMPLOYMENT_INCOME', employment_status: 'FULL_TIME', employment_industry_sector: 'INFORMATION' } }) });
  if (res.status !== 200) throw new Error(await res.text());
  ids.push(((await res.json()) as any).id);
}
const h = { authorization: `Bearer ${tok}` };
for (const kind of ['get', 'list']) {
  const t = performance.now();
  const M = kind === 'get' ? 20000 : 300;
  for (let i = 0; i < M; i++) {
    const r = await sim.app.request(kind === 'get' ? `/v2/identity/identities/${ids[i % N]}` : '/v2/identity/identities?limit=100', { headers: h });
    await r.text();
  }
  console.log(kind, ((performance.now() - t) / M * 1000).toFixed(1), 'us/req');
}
