/**
 * @module config-values
 * Turning raw config values (flags, environment, YAML) into typed ones, each
 * failure one ConfigError naming the setting.
 */
import { secondsOrDuration } from './domain/durations.js';

export class ConfigError extends Error {}

export interface RawConfig {
  [key: string]: unknown;
}

export function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function toStr(v: unknown, name: string): string {
  if (typeof v !== 'string' || v === '') throw new ConfigError(`${name} must be a non-empty string`);
  return v;
}
export function toNumber(v: unknown, name: string, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a number from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}
export function toInt(v: unknown, name: string, min: number, max: number): number {
  const n = toNumber(v, name, min, max);
  if (!Number.isInteger(n)) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(v)}`);
  return n;
}
export function toBool(v: unknown, name: string): boolean {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(v)}`);
}
export function toDuration(v: unknown, name: string): number {
  const ms = secondsOrDuration(v);
  if (ms === undefined) throw new ConfigError(`${name} must be a duration such as "5s", "10m", "24h", got ${JSON.stringify(v)}`);
  return ms;
}

const BYTE_UNITS: Record<string, number> = { '': 1, b: 1, kb: 1024, k: 1024, mb: 1024 ** 2, m: 1024 ** 2, gb: 1024 ** 3, g: 1024 ** 3 };

/** A size: a number of bytes, or a string such as "512KB", "8MB", "1GB" (binary units). */
export function toBytes(v: unknown, name: string, min: number, max: number): number {
  const match = typeof v === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(v) : undefined;
  const unit = match ? BYTE_UNITS[match[2].toLowerCase()] : undefined;
  const n = typeof v === 'number' ? v : match && unit !== undefined ? Math.round(Number(match[1]) * unit) : NaN;
  if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a size such as 8MB or a number of bytes from ${min} to ${max}, got ${JSON.stringify(v)}`);
  return n;
}
