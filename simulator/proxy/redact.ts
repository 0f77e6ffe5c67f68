/**
 * @module proxy/redact
 * PII redaction for recorded exchanges. Pure.
 *
 * REDACTED_FIELDS is the documented list (README "Proxy", docs/proxy.md):
 * every JSON or form field with one of these names is replaced, wherever it
 * sits, and so is every header in REDACTED_HEADERS. Each value taken out is
 * then also replaced wherever else it appears in the recording (a name in a
 * Problem's `detail`, a CIP id in a 409, a token in a later request), so a
 * value that was sent in a redacted field never reaches the file.
 */

/** Field name → why it is redacted. Matching ignores case. */
export const REDACTED_FIELDS: Readonly<Record<string, string>> = {
  first_name: 'name',
  middle_name: 'name',
  last_name: 'name',
  full_name: 'name',
  name: 'name (institution, member or person)',
  legal_name: 'name',
  doing_business_as: 'name',
  date_of_birth: 'date of birth',
  cip_id: 'CIP id (SSN, EIN, passport number …)',
  tax_id: 'tax id',
  ssn: 'social security number',
  passport_number: 'passport number',
  address1: 'address',
  address2: 'address',
  city: 'address',
  province: 'address',
  zip_code: 'address',
  email: 'email',
  phone_number: 'phone',
  phone: 'phone',
  access_token: 'token',
  refresh_token: 'token',
  client_secret: 'secret',
  password: 'secret',
  passthrough_verification_id: 'verification reference',
};

/** Headers whose values are secrets. */
export const REDACTED_HEADERS: readonly string[] = ['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key', 'x-sim-token'];

export const REDACTED = '[REDACTED]';

/** Values shorter than this are not searched for elsewhere (too likely to hit by chance). */
const MIN_SECONDARY_LENGTH = 4;

const isRedactedField = (name: string) => Object.hasOwn(REDACTED_FIELDS, name.toLowerCase());

/** Collects redacted values across one recording, for the second pass. */
export class Redactor {
  private readonly values = new Set<string>();

  /** A JSON value with every listed field replaced; the values are remembered. */
  json(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.json(v));
    if (value === null || typeof value !== 'object') return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (isRedactedField(k) && v !== null && typeof v !== 'object') {
        this.remember(String(v));
        out[k] = REDACTED;
      } else out[k] = this.json(v);
    }
    return out;
  }

  /** A form body (application/x-www-form-urlencoded) with listed fields replaced. */
  form(text: string): string {
    const params = new URLSearchParams(text);
    for (const [k, v] of [...params.entries()]) {
      if (!isRedactedField(k)) continue;
      this.remember(v);
      params.set(k, REDACTED);
    }
    return params.toString();
  }

  /** Headers with secret ones replaced; a Basic or Bearer credential is remembered. */
  headers(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(headers)) {
      if (!REDACTED_HEADERS.includes(k.toLowerCase())) {
        out[k] = v;
        continue;
      }
      const credential = /^(Basic|Bearer)\s+(\S+)/i.exec(v);
      if (credential) {
        this.remember(credential[2]);
        if (/^basic$/i.test(credential[1])) {
          const decoded = Buffer.from(credential[2], 'base64').toString('utf8');
          for (const part of decoded.split(':')) this.remember(decodeURIComponent(part.replace(/\+/g, ' ')));
        }
        out[k] = `${credential[1]} ${REDACTED}`;
      } else {
        this.remember(v);
        out[k] = REDACTED;
      }
    }
    return out;
  }

  remember(value: string): void {
    if (value.length >= MIN_SECONDARY_LENGTH) this.values.add(value);
  }

  /** The second pass over finished text: every remembered value, anywhere, is replaced. */
  scrub(text: string): string {
    let out = text;
    // Longest first, so a value containing another is taken out whole.
    for (const v of [...this.values].sort((a, b) => b.length - a.length)) {
      for (const form of new Set([v, JSON.stringify(v).slice(1, -1), encodeURIComponent(v)])) out = out.split(form).join(REDACTED);
    }
    return out;
  }
}
