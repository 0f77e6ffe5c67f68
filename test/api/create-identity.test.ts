/**
 * CreateIdentity (REFERENCE.md §2.4, §2.5, §2.8, §2.9, §2.14): persons with each
 * verifier type, institutions with members, every validation 400 naming the
 * field, and the two 409 conflicts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corporationBody, PASSTHROUGH_FIELDS, PERSON_CDD, personBody, trustBody } from '../support/bodies.js';
import { createTestSandbox, OTHER_CLIENT, specError, type TestSandbox } from '../support/sandbox.js';

let sb: TestSandbox;
beforeEach(async () => {
  sb = await createTestSandbox();
});
afterEach(() => sb?.close());

async function create(body: unknown) {
  const res = await sb.api('POST', '/identity/identities', body);
  expect(specError('CreateIdentity', res)).toBeUndefined();
  return res;
}

async function expect400(body: unknown, detail: string | RegExp) {
  const res = await create(body);
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  expect(res.body).toMatchObject({ type: 'about:blank', title: 'Bad Request', status: 400 });
  if (typeof detail === 'string') expect(res.body.detail).toBe(detail);
  else expect(res.body.detail).toMatch(detail);
}

/**
 * A create missing Required Details: lenient (default) answers 200 PENDING with
 * each missing field named in status_details (awaiting CLIENT); strict answers
 * 400 listing the same problems in meta.errors.
 */
async function expectMissing(body: unknown, messages: string[]) {
  const res = await create(body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body.status).toBe('PENDING');
  const client = res.body.status_details.requirements.filter((r: any) => r.awaiting_action_from === 'CLIENT');
  const described = client.flatMap((r: any) => r.errors.map((e: any) => e.description));
  for (const m of messages) expect(described).toContain(`${m}; supply it with Update Identity.`);
  const strict = await createTestSandbox({ config: { validation: 'strict' } });
  try {
    const res400 = await strict.api('POST', '/identity/identities', body);
    expect(res400.status).toBe(400);
    expect(specError('CreateIdentity', res400)).toBeUndefined();
    expect(res400.body.meta.errors.map((e: any) => e.message)).toEqual(messages);
    expect(res400.body.detail).toBe(messages.length === 1 ? messages[0] : `${messages.length} problems: ${messages.join('; ')}`);
  } finally {
    await strict.close();
  }
}

/** personBody(1) with one person_details field removed. */
function personWithout(field: string) {
  const body = personBody(1) as any;
  delete body.person_details[field];
  return body;
}

describe('CreateIdentity: persons', () => {
  it('creates a PASSTHROUGH person as PENDING with status equal to summary_status and id verification mirroring APPROVED', async () => {
    const res = await create(personBody(1));
    expect(res.status).toBe(200);
    const identity = res.body;
    expect(identity).toMatchObject({ type: 'PERSON', ref_id: 'person-1', status: 'PENDING', summary_status: 'PENDING', user_disabled: false, admin_disabled: false });
    expect(identity.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(identity.status_details).toEqual({ active_controls: [], requirements: expect.any(Array) });
    expect(identity.person_details).toMatchObject({
      ...PASSTHROUGH_FIELDS,
      id_verification_status: 'APPROVED',
      sanctions_verification_status: 'PENDING',
      additional_screening_status: 'PENDING',
    });
    expect(identity.created_at).toMatch(/^2026-01-15T10:00:00\.\d{6}Z$/);
  });

  it('fills tax_details from an SSN when none are sent', async () => {
    const res = await create(personBody(7));
    expect(res.body.tax_details).toEqual([{ tax_payer_id: '123-45-0007', tax_payer_country: 'USA' }]);
  });

  it.each(['PAXOS', 'MANUAL'] as const)('creates a %s-verified person whose id verification is still PENDING', async (verifier) => {
    const res = await create(personBody(2, verifier));
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('PENDING');
    expect(res.body.summary_status).toBe(res.body.status);
    expect(res.body.status_details).toBeDefined();
    expect(res.body.person_details.verifier_type).toBe(verifier);
    expect(res.body.person_details.id_verification_status).toBe('PENDING');
  });

  it('ignores read-only sub-statuses sent by the client', async () => {
    const res = await create(personBody(3, 'PAXOS', { id_verification_status: 'APPROVED', sanctions_verification_status: 'APPROVED' }));
    expect(res.status).toBe(200);
    expect(res.body.person_details).toMatchObject({ id_verification_status: 'PENDING', sanctions_verification_status: 'PENDING' });
  });

  it('approves a complete passthrough person once the review delay has passed on the clock', async () => {
    const { id } = (await create(personBody(4))).body;
    await sb.sim.advance(sb.config.reviewDelayMs);
    const res = await sb.api('GET', `/identity/identities/${id}`);
    expect(res.body).toMatchObject({ status: 'APPROVED', summary_status: 'APPROVED' });
  });
});

/** The regulation table cases above leave more than one field out; the rest of each list. */
const MORE_REGULATION_GAPS: Record<string, string[]> = {
  'institution_details.regulator_name is required for regulation_status US_REGULATED and trading_type PRIVATE': [
    'institution_details.regulator_jurisdiction is required for regulation_status US_REGULATED and trading_type PRIVATE',
    'institution_details.regulator_register_number is required for regulation_status US_REGULATED and trading_type PRIVATE',
  ],
  'institution_details.listed_exchange is required for regulation_status NON_REGULATED and trading_type PUBLIC': [
    'institution_details.ticker_symbol is required for regulation_status NON_REGULATED and trading_type PUBLIC',
  ],
};

describe('CreateIdentity: institutions', () => {
  async function person(n: number) {
    return (await create(personBody(n))).body.id as string;
  }

  it('creates a trust whose members are existing persons with trust roles', async () => {
    const [a, b] = [await person(1), await person(2)];
    const res = await create(trustBody(1, [{ identity_id: a, roles: ['TRUSTEE'] }, { identity_id: b, roles: ['GRANTOR', 'BENEFICIARY'] }]));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ type: 'INSTITUTION', status: 'PENDING', summary_status: 'PENDING' });
    expect(res.body.institution_details).toMatchObject({ sanctions_verification_status: 'PENDING', document_verification_status: 'PENDING', additional_screening_status: 'PENDING' });
    expect(res.body.institution_members).toEqual([
      expect.objectContaining({ identity_id: a, roles: ['TRUSTEE'], name: 'Ada Lovelace', summary_status: 'PENDING', id: expect.any(String) }),
      expect.objectContaining({ identity_id: b, roles: ['GRANTOR', 'BENEFICIARY'] }),
    ]);
  });

  it('creates a corporation with corporation roles', async () => {
    const a = await person(1);
    const res = await create(corporationBody(1, [{ identity_id: a, roles: ['BENEFICIAL_OWNER', 'MANAGEMENT_CONTROL_PERSON'] }]));
    expect(res.status).toBe(200);
    expect(res.body.institution_members[0].roles).toEqual(['BENEFICIAL_OWNER', 'MANAGEMENT_CONTROL_PERSON']);
  });

  it('rejects trust roles on a corporation and corporation roles on a trust', async () => {
    const a = await person(1);
    await expect400(corporationBody(1, [{ identity_id: a, roles: ['TRUSTEE'] }]), /^institution_members\[0\]\.roles: TRUSTEE is not allowed for institution_type CORPORATION/);
    await expect400(trustBody(1, [{ identity_id: a, roles: ['AUTHORIZED_USER'] }]), /^institution_members\[0\]\.roles: AUTHORIZED_USER is not allowed for institution_type TRUST/);
    await expect400(trustBody(1, [{ identity_id: a, roles: [] }]), 'institution_members[0].roles must list at least one role');
    await expect400(trustBody(1, [{ identity_id: a, roles: ['OWNER'] }]), /^institution_members\[0\]\.roles\[0\] must be one of /);
  });

  it('rejects members that are unknown, institutions, another entity\'s persons, or listed twice', async () => {
    const a = await person(1);
    await expect400(trustBody(1, [{ identity_id: 'nope', roles: ['TRUSTEE'] }]), 'institution_members[0].identity_id nope is not an existing identity');
    const trust = (await create(trustBody(1, [{ identity_id: a, roles: ['TRUSTEE'] }]))).body.id;
    await expect400(trustBody(2, [{ identity_id: trust, roles: ['TRUSTEE'] }]), `institution_members[0].identity_id ${trust} must be a person identity`);
    const other = await sb.token(undefined, OTHER_CLIENT);
    const foreign = (await sb.request('/v2/identity/identities', { method: 'POST', json: personBody(50), token: other })).body.id;
    await expect400(trustBody(3, [{ identity_id: foreign, roles: ['TRUSTEE'] }]), `institution_members[0].identity_id ${foreign} is not an existing identity`);
    await expect400(trustBody(4, [{ identity_id: a, roles: ['TRUSTEE'] }, { identity_id: a, roles: ['GRANTOR'] }]), `institution_members[1].identity_id ${a} is already a member`);
    await expect400(trustBody(5, [{ identity_id: a, roles: ['TRUSTEE'], id: 'x' } as never]), 'institution_members[0].id is read-only');
  });

  it('accepts an institution without members as PENDING on a MEMBERS requirement (strict: 400)', async () => {
    const body = trustBody(1, []);
    const res = await create(body);
    expect(res.status).toBe(200);
    expect(res.body.status_details.requirements).toContainEqual(expect.objectContaining({ type: 'MEMBERS', status: 'PENDING' }));
    const strict = await createTestSandbox({ config: { validation: 'strict' } });
    try {
      for (const b of [body, { ...body, institution_members: undefined }]) {
        const r = await strict.api('POST', '/identity/identities', b);
        expect(r.status).toBe(400);
        expect(r.body.detail).toBe('institution_members must list at least one member');
      }
    } finally {
      await strict.close();
    }
  });

  it('rejects institution_members on a person', async () => {
    const a = await person(1);
    await expect400({ ...personBody(2), institution_members: [{ identity_id: a, roles: ['TRUSTEE'] }] }, 'institution_members is only allowed for institutions');
  });

  it('rejects a trust whose sub-type is not INVESTMENT', async () => {
    const a = await person(1);
    await expect400(trustBody(1, [{ identity_id: a, roles: ['TRUSTEE'] }], { institution_sub_type: 'HEDGE_FUND' }), 'institution_details.institution_sub_type must be INVESTMENT for institution_type TRUST');
  });

  it.each(['name', 'business_address', 'institution_type', 'institution_sub_type', 'cip_id', 'cip_id_type', 'cip_id_country', 'govt_registration_date'])(
    'requires institution_details.%s',
    async (field) => {
      const a = await person(1);
      const body = corporationBody(1, [{ identity_id: a, roles: ['BENEFICIAL_OWNER'] }]) as any;
      delete body.institution_details[field];
      await expectMissing(body, [`institution_details.${field} is required`]);
    },
  );

  it.each(['incorporation_address', 'regulation_status', 'trading_type', 'business_description'])('requires institution_details.%s for a corporation', async (field) => {
    const a = await person(1);
    const body = corporationBody(1, [{ identity_id: a, roles: ['BENEFICIAL_OWNER'] }]) as any;
    delete body.institution_details[field];
    await expectMissing(body, [`institution_details.${field} is required for institution_type CORPORATION`]);
  });

  it.each([
    ['US_REGULATED', 'PRIVATE', {}, 'institution_details.regulator_name is required for regulation_status US_REGULATED and trading_type PRIVATE'],
    ['INTL_REGULATED', 'PRIVATE', { regulator_name: 'FCA', regulator_jurisdiction: 'GBR' }, 'institution_details.regulator_register_number is required for regulation_status INTL_REGULATED and trading_type PRIVATE'],
    ['NON_REGULATED', 'PUBLIC', {}, 'institution_details.listed_exchange is required for regulation_status NON_REGULATED and trading_type PUBLIC'],
    ['NON_REGULATED', 'PUBLIC', { listed_exchange: 'NYSE' }, 'institution_details.ticker_symbol is required for regulation_status NON_REGULATED and trading_type PUBLIC'],
    ['NON_REGULATED', 'PUBLICLY_TRADED_SUBSIDIARY', { listed_exchange: 'NYSE', ticker_symbol: 'EX', parent_institution_name: 'P' }, 'institution_details.trading_type PUBLICLY_TRADED_SUBSIDIARY is not allowed with regulation_status NON_REGULATED'],
    ['US_REGULATED', 'PUBLICLY_TRADED_SUBSIDIARY', { regulator_name: 'SEC', regulator_jurisdiction: 'USA', regulator_register_number: '1', listed_exchange: 'NYSE', ticker_symbol: 'EX' }, 'institution_details.parent_institution_name is required for regulation_status US_REGULATED and trading_type PUBLICLY_TRADED_SUBSIDIARY'],
  ] as const)('enforces the regulation table: %s + %s', async (regulation_status, trading_type, extra, detail) => {
    const a = await person(1);
    const body = corporationBody(1, [{ identity_id: a, roles: ['BENEFICIAL_OWNER'] }], { regulation_status, trading_type, ...extra });
    // A contradiction is malformed (400); a field the table asks for is a missing Required Detail.
    if (detail.includes('is not allowed')) await expect400(body, detail);
    else await expectMissing(body, [detail, ...MORE_REGULATION_GAPS[detail] ?? []]);
  });

  it('accepts a fully described regulated public corporation', async () => {
    const a = await person(1);
    const res = await create(
      corporationBody(1, [{ identity_id: a, roles: ['BENEFICIAL_OWNER'] }], {
        regulation_status: 'US_REGULATED', trading_type: 'PUBLIC', regulator_name: 'SEC', regulator_jurisdiction: 'USA', regulator_register_number: '1', listed_exchange: 'NYSE', ticker_symbol: 'EX',
      }),
    );
    expect(res.status).toBe(200);
  });
});

describe('CreateIdentity: validation', () => {
  it('names the field for wrong types', async () => {
    await expect400(personBody(1, 'PASSTHROUGH', { first_name: 42 as never }), 'person_details.first_name must be a string');
    await expect400({ ...personBody(1), metadata: { a: 1 } }, 'metadata.a must be a string');
    await expect400({ ...personBody(1), is_merchant: 'yes' }, 'is_merchant must be a boolean');
    await expect400({ ...personBody(1), person_details: 'Ada' }, 'person_details must be an object');
    await expect400([personBody(1)], 'request body must be an object');
    await expect400(null, /request body/);
  });

  it('names the field for values outside an enum', async () => {
    await expect400(personBody(1, 'PASSTHROUGH', { cip_id_type: 'SSN_CARD' as never }), /^person_details\.cip_id_type must be one of SSN, /);
    await expect400(personBody(1, 'SELFIE' as never), /^person_details\.verifier_type must be one of /);
    await expect400({ ...personBody(1), customer_due_diligence: { ...PERSON_CDD, employment_status: 'BUSY' } }, /^customer_due_diligence\.employment_status must be one of /);
  });

  it('rejects a lowercase country and an unknown alpha-3 code', async () => {
    await expect400(personBody(1, 'PASSTHROUGH', { nationality: 'usa' }), /^person_details\.nationality has an invalid format/);
    await expect400(personBody(1, 'PASSTHROUGH', { nationality: 'XXX' }), 'person_details.nationality must be an ISO 3166-1 alpha-3 country code, got "XXX"');
    await expect400(personBody(1, 'PASSTHROUGH', { cip_id_country: 'XXX' }), 'person_details.cip_id_country must be an ISO 3166-1 alpha-3 country code, got "XXX"');
    await expect400({ ...personBody(1), tax_details: [{ tax_payer_id: '1', tax_payer_country: 'XXX' }] }, 'tax_details[0].tax_payer_country must be an ISO 3166-1 alpha-3 country code, got "XXX"');
  });

  it('takes address.country as the free text Paxos\'s published pattern admits (the institution guide sends "United States")', async () => {
    const res = await create(personBody(1, 'PASSTHROUGH', { address: { address1: '1 Main St', city: 'NYC', province: 'NY', country: 'United States' } }));
    expect(res.status).toBe(200);
    expect(res.body.person_details.address.country).toBe('United States');
    await expect400(personBody(2, 'PASSTHROUGH', { address: { address1: '1 Main St', city: 'NYC', province: 'NY', country: 'USA;' } }), /^person_details\.address\.country has an invalid format/);
  });

  it('rejects impossible and future dates of birth', async () => {
    await expect400(personBody(1, 'PASSTHROUGH', { date_of_birth: '1990-02-30' }), 'person_details.date_of_birth must be a real date in the form YYYY-MM-DD');
    await expect400(personBody(1, 'PASSTHROUGH', { date_of_birth: '1990-13-01' }), 'person_details.date_of_birth must be a real date in the form YYYY-MM-DD');
    await expect400(personBody(1, 'PASSTHROUGH', { date_of_birth: '2026-01-16' }), 'person_details.date_of_birth must be in the past');
    await expect400(personBody(1, 'PASSTHROUGH', { date_of_birth: '1990/01/01' }), /^person_details\.date_of_birth has an invalid format/);
    expect((await create(personBody(1, 'PASSTHROUGH', { date_of_birth: '2000-02-29' }))).status).toBe(200);
  });

  it.each(['first_name', 'last_name', 'date_of_birth', 'address', 'nationality', 'cip_id', 'cip_id_type', 'cip_id_country'])('requires person_details.%s', async (field) => {
    await expectMissing(personWithout(field), [`person_details.${field} is required`]);
  });

  it.each(['address1', 'city', 'province', 'country'])('requires person_details.address.%s', async (field) => {
    const body = personBody(1) as any;
    delete body.person_details.address[field];
    // Paxos's published schema requires these parts: an incomplete address is malformed, a 400 in both modes.
    await expect400(body, `person_details.address.${field} is required`);
  });

  it.each(['estimated_yearly_income', 'expected_transfer_value', 'source_of_wealth', 'employment_status', 'employment_industry_sector'])(
    'requires customer_due_diligence.%s for a person',
    async (field) => {
      const body = personBody(1) as any;
      delete body.customer_due_diligence[field];
      await expectMissing(body, [`customer_due_diligence.${field} is required`]);
    },
  );

  it('requires customer_due_diligence for a person', async () => {
    const body = personBody(1) as any;
    delete body.customer_due_diligence;
    await expectMissing(body, ['estimated_yearly_income', 'expected_transfer_value', 'source_of_wealth', 'employment_status', 'employment_industry_sector'].map((f) => `customer_due_diligence.${f} is required`));
  });

  it.each(Object.keys(PASSTHROUGH_FIELDS))('requires person_details.%s with verifier_type PASSTHROUGH', async (field) => {
    await expectMissing(personWithout(field), [`person_details.${field} is required when verifier_type is PASSTHROUGH`]);
  });

  it('accepts only a terminal passthrough status', async () => {
    await expect400(personBody(1, 'PASSTHROUGH', { passthrough_verification_status: 'PENDING' }), 'person_details.passthrough_verification_status must be APPROVED or DENIED');
  });

  it('rejects passthrough fields with the PAXOS verifier', async () => {
    await expect400(personBody(1, 'PAXOS', { passthrough_verification_id: 'inq_1' }), 'person_details.passthrough_verification_id is only allowed when verifier_type is PASSTHROUGH');
  });

  it('checks the SSN format', async () => {
    await expect400(personBody(1, 'PASSTHROUGH', { cip_id: '123456789' }), 'person_details.cip_id must have the form xxx-xx-xxxx for cip_id_type SSN');
  });

  it('requires SSN or ITIN for a US resident', async () => {
    await expect400(personBody(1, 'PASSTHROUGH', { cip_id_type: 'PASSPORT', cip_id: 'X1234567' }), 'person_details.cip_id_type must be SSN or ITIN for a US resident');
    const abroad = personBody(1, 'PASSTHROUGH', { cip_id_type: 'PASSPORT', cip_id: 'X1234567', cip_id_country: 'GBR', nationality: 'GBR', address: { address1: '1 High St', city: 'London', province: 'LDN', country: 'GBR' } });
    expect((await create(abroad)).status).toBe(200);
  });

  it('ignores unknown body fields at any depth (lenient) and drops them from the identity', async () => {
    const res = await create({ ...personBody(1), nickname: 'Ada', person_details: { ...personBody(1).person_details, favourite_colour: 'blue', metadata: { a: 'b' } } });
    expect(res.status).toBe(200);
    expect(res.body.nickname).toBeUndefined();
    expect(res.body.person_details.favourite_colour).toBeUndefined();
    expect(res.body.person_details.metadata).toBeUndefined();
  });

  it('rejects unknown body fields at any depth in strict mode, all in one answer', async () => {
    const strict = await createTestSandbox({ config: { validation: 'strict' } });
    try {
      const res = await strict.api('POST', '/identity/identities', { ...personBody(1), nickname: 'Ada', person_details: { ...personBody(1).person_details, favourite_colour: 'blue' } });
      expect(res.status).toBe(400);
      expect(res.body.meta.errors).toEqual([
        { field: 'nickname', message: 'unknown field nickname' },
        { field: 'person_details.favourite_colour', message: 'unknown field person_details.favourite_colour' },
      ]);
      expect(res.body.detail).toBe('2 problems: unknown field nickname; unknown field person_details.favourite_colour');
    } finally {
      await strict.close();
    }
  });

  it('lists every malformed value in one 400', async () => {
    const res = await create(personBody(1, 'PASSTHROUGH', { first_name: 42 as never, cip_id_type: 'SSN_CARD' as never, date_of_birth: '1990-02-30' }));
    expect(res.status).toBe(400);
    const fields = res.body.meta.errors.map((e: any) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['person_details.first_name', 'person_details.cip_id_type']));
    expect(res.body.detail).toMatch(/^\d+ problems: /);
  });

  it('requires exactly one details block', async () => {
    const a = (await create(personBody(1))).body.id;
    await expect400({ ...personBody(2), institution_details: trustBody(1, []).institution_details, institution_members: [{ identity_id: a, roles: ['TRUSTEE'] }] }, 'provide either person_details or institution_details, not both');
    await expect400({ ref_id: 'x' }, 'person_details or institution_details is required');
    await expect400({}, 'person_details or institution_details is required');
  });

  it('creates nothing when validation fails', async () => {
    await expect400(personBody(1, 'PASSTHROUGH', { nationality: 'XXX' }), /nationality/);
    expect((await sb.api('GET', '/identity/identities')).body.items).toEqual([]);
  });
});

describe('CreateIdentity: conflicts', () => {
  it('answers 409 for a repeated ref_id with meta.existing.id', async () => {
    const first = (await create(personBody(1))).body;
    const res = await create({ ...personBody(2), ref_id: 'person-1' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      type: 'https://developer.paxos.com/docs/v2/problems/already-exists',
      title: 'Already Exists',
      status: 409,
      detail: 'duplicate ref_id provided',
      meta: { existing: { id: first.id } },
    });
  });

  it('answers 409 for a repeated CIP triple with meta.existing.id', async () => {
    const first = (await create(personBody(1))).body;
    const res = await create({ ...personBody(1), ref_id: 'another' });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      type: 'https://developer.paxos.com/docs/v2/problems/already-exists',
      detail: 'duplicate (cip_id, cip_id_type, cip_id_country) provided',
      meta: { existing: { id: first.id } },
    });
  });

  it('lets a client of another entity reuse the same ref_id', async () => {
    await create(personBody(1));
    const other = await sb.token(undefined, OTHER_CLIENT);
    const res = await sb.request('/v2/identity/identities', { method: 'POST', json: personBody(1), token: other });
    expect(res.status).toBe(200);
  });
});
