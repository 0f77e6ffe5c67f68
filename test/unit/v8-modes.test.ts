/**
 * The CLI's V8 settings: which flags each heap and tiering mode sets on the
 * process (their effects are measured by `npm run bench`: RSS in the large
 * scenario, creates per second in the create scenario).
 */
import { describe, expect, it } from 'vitest';
import { applyV8Modes, describeHeapMode, describeTieringMode, EARLY_INTERRUPT_BUDGET, v8Flags, V8_INTERRUPT_BUDGET } from '../../simulator/v8-modes.js';

describe('V8 modes', () => {
  it('lean caps how far V8 grows the heap past its live data (--heap-growing-percent=25); early tiers up after a quarter of the budget; v8 sets nothing', () => {
    const set: string[] = [];
    applyV8Modes({ heap: 'lean', tiering: 'early' }, (flag) => set.push(flag));
    expect(set).toEqual(['--heap-growing-percent=25', '--interrupt-budget=16896']);
    expect(v8Flags({ heap: 'v8', tiering: 'v8' })).toEqual([]);
    expect(v8Flags({ heap: 'lean', tiering: 'v8' })).toEqual(['--heap-growing-percent=25']);
    expect(v8Flags({ heap: 'v8', tiering: 'early' })).toEqual(['--interrupt-budget=16896']);
    expect(EARLY_INTERRUPT_BUDGET * 4).toBe(V8_INTERRUPT_BUDGET);
  });

  it('describes each mode for the banner, naming the way back to the defaults', () => {
    expect(describeHeapMode('lean')).toContain('--heap v8');
    expect(describeHeapMode('v8')).toBe("v8 (V8's own heap sizing)");
    expect(describeTieringMode('early')).toContain('--tiering v8');
    expect(describeTieringMode('v8')).toBe("v8 (V8's own tiering)");
  });

  it('the flags are ones V8 accepts (an unknown flag would be ignored silently; these are listed by node --v8-options)', async () => {
    const { execFileSync } = await import('node:child_process');
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of v8Flags({ heap: 'lean', tiering: 'early' })) expect(options).toContain(`  ${flag.split('=')[0]} (`);
  });

  it("early's budget is below this Node's own default (on Node 20, a quarter of it)", async () => {
    const { execFileSync } = await import('node:child_process');
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    const budget = Number(/--interrupt-budget \(.*\)\n\s+type: int\s+default: --interrupt-budget=(\d+)/.exec(options)?.[1]);
    expect(budget).toBeGreaterThan(EARLY_INTERRUPT_BUDGET);
    if (process.versions.node.startsWith('20.')) expect(budget).toBe(V8_INTERRUPT_BUDGET);
  });
});
