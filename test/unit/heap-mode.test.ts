/**
 * The CLI's heap mode: which V8 flags each mode sets on the process (the
 * effect on RSS is measured by `npm run bench`, large scenario).
 */
import { describe, expect, it } from 'vitest';
import { applyHeapMode, describeHeapMode, heapFlags } from '../../simulator/heap-mode.js';

describe('heap mode', () => {
  it('lean caps how far V8 grows the heap past its live data (--heap-growing-percent=25); v8 sets nothing', () => {
    const set: string[] = [];
    applyHeapMode('lean', (flag) => set.push(flag));
    expect(set).toEqual(['--heap-growing-percent=25']);
    applyHeapMode('v8', (flag) => set.push(flag));
    expect(set).toEqual(['--heap-growing-percent=25']);
    expect(heapFlags('v8')).toEqual([]);
  });

  it('describes each mode for the banner, naming the way back to the defaults', () => {
    expect(describeHeapMode('lean')).toContain('--heap v8');
    expect(describeHeapMode('v8')).toBe("v8 (V8's own heap sizing)");
  });

  it('lean is a flag V8 accepts (an unknown flag would be ignored silently; this one is listed by node --v8-options)', async () => {
    const { execFileSync } = await import('node:child_process');
    const options = execFileSync(process.execPath, ['--v8-options'], { encoding: 'utf8' });
    for (const flag of heapFlags('lean')) expect(options).toContain(`  ${flag.split('=')[0]} (`);
  });
});
