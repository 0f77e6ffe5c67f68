/**
 * @module domain/decimal
 * Exact decimal-string arithmetic for balances (no floating point): amounts
 * are scaled to 18 fractional digits as bigint.
 */
const SCALE = 18;
const FACTOR = 10n ** BigInt(SCALE);
export const DECIMAL = /^[0-9]*\.?[0-9]+$/;

export function toUnits(amount: string): bigint {
  if (!DECIMAL.test(amount)) throw new Error(`not a decimal: ${amount}`);
  const [whole, frac = ''] = amount.includes('.') ? amount.split('.') : [amount, ''];
  if (frac.length > SCALE) throw new Error(`more than ${SCALE} decimal places: ${amount}`);
  return BigInt(whole || '0') * FACTOR + BigInt(frac.padEnd(SCALE, '0') || '0');
}

export function fromUnits(units: bigint): string {
  const whole = units / FACTOR;
  const frac = (units % FACTOR).toString().padStart(SCALE, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

export function addDecimal(a: string, b: string): string {
  return fromUnits(toUnits(a) + toUnits(b));
}

export function isZero(amount: string): boolean {
  return toUnits(amount) === 0n;
}

export function decimalPlaces(amount: string): number {
  return amount.includes('.') ? amount.split('.')[1].length : 0;
}
