/**
 * @module contracts/verify/report-md
 * The human-readable verification report of one target: a summary, a table
 * of every interaction, then each failure with its mismatches in full.
 */
import type { TargetResults } from './results.js';

/** @example writeFileSync('contracts/results/sandbox.md', renderMarkdown(results)) */
export function renderMarkdown(results: TargetResults): string {
  const passed = results.interactions.filter((i) => i.status === 'passed').length;
  const failed = results.interactions.length - passed;
  const lines = [
    `# Contract verification: ${results.target}`,
    '',
    `- API base URL: ${results.baseUrl}`,
    `- Token URL: ${results.tokenUrl}`,
    `- Started: ${results.startedAt}, took ${(results.durationMs / 1000).toFixed(1)} s`,
    `- Result: **${results.ok ? 'passed' : 'FAILED'}**: ${passed} interactions passed, ${failed} failed`,
    '',
    '| Pact | Interaction | Result |',
    '|---|---|---|',
    ...results.interactions.map((i) => `| ${i.provider} | ${escape(i.description)} | ${i.status === 'passed' ? 'passed' : '**failed**'} |`),
  ];
  const failures = results.interactions.filter((i) => i.status === 'failed');
  if (failures.length) {
    lines.push('', '## Failures');
    for (const f of failures) {
      lines.push('', `### ${f.provider}: ${f.description}`, '');
      if (f.states.length) lines.push(`Given: ${f.states.join('; ')}`, '');
      lines.push(...f.mismatches.map((m) => `- ${escape(m)}`));
    }
  }
  if (results.stateFailures.length) {
    lines.push('', '## Provider states that could not be set up', '');
    lines.push(...results.stateFailures.map((s) => `- ${s.state}: ${escape(s.message)}`));
  }
  if (results.errors.length) {
    lines.push('', '## Errors', '');
    lines.push(...results.errors.map((e) => `- ${escape(e)}`));
  }
  return `${lines.join('\n')}\n`;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
