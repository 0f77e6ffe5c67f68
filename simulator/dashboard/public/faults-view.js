// faults-view.js: the fault-injection panel: the rules in force (with how
// often each matched and fired) and the faults injected lately, newest first.
// Rules are set through /_sim/faults, the config file or startSimulator().faults.
import { chip, h, time } from './dom.js';

function ruleRow(f) {
  return h(
    'tr',
    { dataset: { faultId: f.id } },
    h('td', null, h('code', null, f.id)),
    h('td', null, f.target),
    h('td', null, h('code', { class: 'small' }, JSON.stringify(f.rule))),
    h('td', null, f.action),
    h('td', null, `${f.fired} / ${f.seen}`),
    h('td', null, f.exhausted ? chip('used up', 'neutral') : chip('active', 'warn')),
  );
}

function injectedRow(i) {
  const where = i.target === 'api' ? `${i.method ?? ''} ${i.path ?? ''}`.trim() : `${i.event_type ?? 'webhook'} → ${i.consumer_id ?? ''}`;
  return h(
    'li',
    { class: 'injected', dataset: { faultId: i.fault_id } },
    time(i.at),
    ' ',
    chip(i.action, 'bad'),
    ' ',
    where ? h('code', null, where) : null,
    i.client_id ? h('span', { class: 'muted small' }, ` · ${i.client_id}`) : null,
    h('span', { class: 'muted small' }, ` · ${i.fault_id}`),
  );
}

/** @example replaceChildren($('faults'), faultsView(await api('/faults'))) */
export function faultsView(body) {
  const rules = body.faults ?? [];
  const injected = [...(body.injected ?? [])].reverse();
  return [
    rules.length
      ? h(
          'table',
          { class: 'fault-rules' },
          h('caption', { class: 'visually-hidden' }, 'Fault rules'),
          h('thead', null, h('tr', null, ['Id', 'Target', 'Rule', 'Action', 'Fired / matched', 'State'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', null, rules.map(ruleRow)),
        )
      : h('p', { class: 'muted small' }, 'No fault rules. Add some through /_sim/faults, the config file or startSimulator().faults.'),
    injected.length ? h('ul', { class: 'injected-list' }, injected.map(injectedRow)) : h('p', { class: 'muted small' }, 'No fault injected yet.'),
  ];
}
