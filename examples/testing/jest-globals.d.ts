/**
 * The few Jest globals onboarding.jest.test.ts uses, declared here only so the
 * example type-checks in this repository without installing Jest. In your
 * project, `@types/jest` (or `import { … } from '@jest/globals'`) provides them.
 */
interface JestMatchers {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeUndefined(): void;
}
declare function describe(name: string, fn: () => void): void;
declare function it(name: string, fn: () => Promise<void> | void, timeout?: number): void;
declare function beforeAll(fn: () => Promise<void> | void, timeout?: number): void;
declare function afterAll(fn: () => Promise<void> | void, timeout?: number): void;
declare function expect(actual: unknown): JestMatchers;
