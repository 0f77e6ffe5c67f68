/**
 * @module webhooks/consumer-input
 * The one set of rules for a webhook consumer, whether it comes in the body of
 * POST /_sim/webhooks/consumers (a 400 Problem) or from the config file and the
 * --webhook-url flag (a ConfigError, config-sections.ts). Every failure is a
 * DomainError whose sentence starts with the field; allowed event types come
 * from the spec's IdentityEventType enum.
 */
import type { WebhookConsumerConfig } from '../config.js';
import { isHttpUrl } from '../config-values.js';
import { invalid } from '../domain/errors.js';
import { webhookHeaderError } from './header-rules.js';

type Raw = Record<string, unknown>;

const TOKEN_CHARS = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

function isObject(v: unknown): v is Raw {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function only(obj: Raw, allowed: string[], where: string): void {
  const extra = Object.keys(obj).find((k) => !allowed.includes(k));
  if (extra !== undefined) throw invalid(`unknown field ${where}${extra}`);
}

function text(obj: Raw, key: string, where: string, required: boolean): string | undefined {
  const v = obj[key];
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw invalid(`${where}${key} ${v === undefined ? 'is required' : 'must be a non-empty string'}`);
  return v;
}

function parseAuth(raw: unknown): WebhookConsumerConfig['auth'] {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) throw invalid('auth must be an object');
  if (raw.type === 'api_key') {
    only(raw, ['type', 'header', 'value'], 'auth.');
    const header = text(raw, 'header', 'auth.', true)!;
    if (!TOKEN_CHARS.test(header)) throw invalid('auth.header must be a valid HTTP header name');
    const value = text(raw, 'value', 'auth.', true)!;
    const refused = webhookHeaderError(header, value);
    if (refused) throw invalid(`auth: ${refused}`);
    return { type: 'api_key', header, value };
  }
  if (raw.type === 'oauth') {
    only(raw, ['type', 'token_url', 'client_id', 'client_secret', 'scope'], 'auth.');
    const token_url = text(raw, 'token_url', 'auth.', true)!;
    if (!isHttpUrl(token_url)) throw invalid('auth.token_url must be an http(s) URL');
    const auth = { type: 'oauth' as const, token_url, client_id: text(raw, 'client_id', 'auth.', true)!, client_secret: text(raw, 'client_secret', 'auth.', true)! };
    const scope = text(raw, 'scope', 'auth.', false);
    return scope === undefined ? auth : { ...auth, scope };
  }
  throw invalid('auth.type must be one of api_key, oauth');
}

/**
 * @example
 * parseConsumerInput({ url: 'ftp://x' }, types) // throws 400 "url must be an http(s) URL"
 */
export function parseConsumerInput(raw: unknown, eventTypes: readonly string[]): WebhookConsumerConfig {
  if (!isObject(raw)) throw invalid('request body must be an object');
  only(raw, ['name', 'url', 'event_types', 'entity_id', 'client_id', 'auth'], '');
  const url = text(raw, 'url', '', true)!;
  if (!isHttpUrl(url)) throw invalid('url must be an http(s) URL');
  const types = raw.event_types;
  if (types !== undefined && (!Array.isArray(types) || !types.every((t) => typeof t === 'string'))) {
    throw invalid('event_types must be an array of strings');
  }
  const bad = (types as string[] | undefined)?.findIndex((t) => !eventTypes.includes(t)) ?? -1;
  if (bad >= 0) throw invalid(`event_types[${bad}] must be one of ${eventTypes.join(', ')}`);
  return {
    name: text(raw, 'name', '', false),
    url,
    event_types: types as string[] | undefined,
    client_id: text(raw, 'client_id', '', false),
    entity_id: text(raw, 'entity_id', '', false),
    auth: parseAuth(raw.auth),
  };
}
