/**
 * @module webhooks/header-rules
 * What an API-key header of a webhook consumer may be, checked the same way in
 * the config file, on the CLI (--webhook-header) and through the control API:
 * a valid HTTP header name (RFC 9110 token), a value without control
 * characters, and never a header the simulator sets itself on a delivery.
 */

const TOKEN = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;
/** Visible ASCII, space, tab and obs-text; no CR, LF, NUL or other control characters. */
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Headers a consumer's api_key header must not replace (compared case-insensitively). */
export const RESERVED_WEBHOOK_HEADERS = ['content-type', 'content-length', 'user-agent', 'host', 'connection', 'transfer-encoding', 'x-paxos-sim-delivery-id'];

/**
 * The reason `name: value` is not allowed as a consumer's API-key header, or undefined.
 * @example
 * webhookHeaderError('Content-Type', 'x'); // "… would replace the simulator's own Content-Type header …"
 */
export function webhookHeaderError(name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return `header name ${JSON.stringify(name)} is not a valid HTTP header name`;
  const lower = name.toLowerCase();
  if (RESERVED_WEBHOOK_HEADERS.includes(lower) || lower.startsWith('x-paxos-sim-')) {
    return `header ${name} would replace the simulator's own ${name} header on deliveries; choose another name (not ${RESERVED_WEBHOOK_HEADERS.join(', ')} or x-paxos-sim-*)`;
  }
  if (!FIELD_VALUE.test(value)) return `the value of header ${name} must not contain control characters (CR, LF, NUL …)`;
  if (value !== value.trim()) return `the value of header ${name} must not start or end with whitespace`;
  return undefined;
}
