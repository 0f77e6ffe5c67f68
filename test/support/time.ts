/**
 * @module test/support/time
 * The one instant every test's frozen simulator clock starts at (T0), as an
 * RFC 3339 string and as epoch milliseconds. Tests move time by advancing the
 * clock from here, never by sleeping.
 */
export const T0_ISO = '2026-01-15T10:00:00.000Z';
export const T0 = Date.parse(T0_ISO);
