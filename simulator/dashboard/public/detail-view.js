// detail-view.js: one identity: its facts, the action buttons, status_details
// (sub-statuses, requirements, active controls), members, scheduled jobs and
// the timeline.
import { badge, breakable, chip, code, facts, h, relative, time } from './dom.js';
import { renderTimeline } from './timeline-view.js';

const CHECK_FIELDS = [
  ['ID verification', 'id_verification_status'],
  ['Sanctions', 'sanctions_verification_status'],
  ['Document verification', 'document_verification_status'],
  ['Additional screening', 'additional_screening_status'],
];

const DEFAULT_DOCUMENTS = ['PROOF_OF_FUNDS', 'PROOF_OF_RESIDENCY'];

function button(action, label, onAction, tone) {
  return h('button', { type: 'button', class: `btn${tone ? ` btn-${tone}` : ''}`, dataset: { action, focusKey: `action:${action}` }, on: { click: () => onAction(action) } }, label);
}

function documentsPicker(documentTypes, onAction) {
  const boxes = documentTypes.map((t) =>
    h('label', { class: 'doc-option' }, h('input', { type: 'checkbox', name: 'documents', value: t, checked: DEFAULT_DOCUMENTS.includes(t) }), ' ', breakable(t)),
  );
  const submit = () => {
    const documents = boxes.map((l) => l.querySelector('input')).filter((i) => i.checked).map((i) => i.value);
    onAction('require-documents', { documents });
  };
  return h(
    'details',
    { class: 'docs-picker' },
    h('summary', { class: 'btn', dataset: { focusKey: 'action:documents-picker' } }, 'Require documents…'),
    h(
      'fieldset',
      null,
      h('legend', null, 'Documents to request (opens Enhanced Due Diligence)'),
      h('div', { class: 'doc-grid' }, boxes),
      h('button', { type: 'button', class: 'btn btn-primary', dataset: { action: 'require-documents', focusKey: 'action:require-documents' }, on: { click: submit } }, 'Request documents'),
    ),
  );
}

function actions(detail, meta, onAction) {
  const id = detail.identity;
  const disabled = id.user_disabled || id.admin_disabled;
  return h(
    'div',
    { class: 'actions', role: 'group', 'aria-label': 'Actions' },
    button('approve', 'Approve', onAction, 'good'),
    button('deny', 'Deny', onAction, 'bad'),
    disabled ? button('enable', 'Enable', onAction) : button('disable', 'Disable', onAction),
    (id.status_details?.active_controls ?? []).some((c) => c.type === 'DORMANT' && c.set_by === 'SET_BY_CLIENT')
      ? button('unmark-dormant', 'Remove DORMANT control', onAction)
      : button('mark-dormant', 'Mark dormant', onAction),
    documentsPicker(meta.document_types ?? DEFAULT_DOCUMENTS, onAction),
  );
}

function table(caption, head, rows, cls) {
  return h('table', { class: `grid ${cls ?? ''}` }, h('caption', null, caption), h('thead', null, h('tr', null, head.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', null, rows));
}

function statusDetails(identity) {
  const details = identity.person_details ?? identity.institution_details ?? {};
  const checks = CHECK_FIELDS.filter(([, field]) => details[field] !== undefined);
  const sd = identity.status_details ?? {};
  const requirements = sd.requirements ?? [];
  const controls = sd.active_controls ?? [];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'status-heading' },
    h('h3', { id: 'status-heading' }, 'Status details'),
    table('Checks', ['Check', 'Status'], checks.map(([label, field]) => h('tr', null, h('th', { scope: 'row' }, label), h('td', null, badge(details[field])))), 'checks'),
    requirements.length
      ? table(
          'Requirements',
          ['Requirement', 'Status', 'Awaiting', 'Errors'],
          requirements.map((r) =>
            h(
              'tr',
              { dataset: { requirement: r.type } },
              h('th', { scope: 'row' }, code(r.type)),
              h('td', null, chip(r.status, r.status === 'FAILED' ? 'bad' : 'warn')),
              h('td', null, r.awaiting_action_from ?? '—'),
              h('td', null, (r.errors ?? []).map((e) => h('div', { class: 'req-error' }, code(e.code), e.description && e.description !== e.code ? ` ${e.description}` : ''))),
            ),
          ),
          'requirements',
        )
      : h('p', { class: 'muted' }, 'No open requirements.'),
    h('h4', null, 'Active controls'),
    controls.length
      ? h(
          'ul',
          { class: 'controls' },
          controls.map((c) =>
            h('li', null, chip(c.type, c.type === 'FROZEN' ? 'bad' : 'warn'), ' ', code(c.reason_code ?? ''), ` set by ${c.set_by ?? '?'}`, c.is_overridable ? ' (overridable)' : ' (not overridable)', c.reason ? h('div', { class: 'small muted' }, c.reason) : null),
          ),
        )
      : h('p', { class: 'muted' }, 'None.'),
  );
}

function accounts(detail) {
  const list = detail.accounts ?? [];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'accounts-heading' },
    h('h3', { id: 'accounts-heading' }, 'Accounts'),
    list.length
      ? table(
          'Accounts and profile balances',
          ['Account', 'Type', 'Status', 'Role', 'Members', 'Profile balances'],
          list.map((a) =>
            h(
              'tr',
              { dataset: { accountId: a.id } },
              h('th', { scope: 'row' }, h('code', null, a.id), a.ref_id ? h('div', { class: 'small muted' }, a.ref_id) : null),
              h('td', null, a.type ?? '—'),
              h('td', null, badge(a.summary_status)),
              h('td', null, a.role),
              h('td', null, (a.members ?? []).map((m) => h('div', null, h('a', { href: `#/identity/${encodeURIComponent(m.identity_id)}` }, m.identity_id), ` ${(m.roles ?? []).join(', ')}`))),
              h(
                'td',
                { class: 'balances' },
                a.profile
                  ? (a.profile.balances.length ? a.profile.balances.map((b) => h('div', { dataset: { asset: b.asset } }, h('code', null, b.asset), ` ${b.available}`)) : h('span', { class: 'muted' }, 'no funds'))
                  : h('span', { class: 'muted' }, 'no profile'),
              ),
            ),
          ),
          'accounts',
        )
      : h('p', { class: 'muted' }, 'No accounts.'),
  );
}

function controlHistory(detail) {
  const list = detail.controls ?? [];
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'controls-heading' },
    h('h3', { id: 'controls-heading' }, 'Identity controls'),
    list.length
      ? table(
          'Controls (active and removed)',
          ['Type', 'Reason', 'Set by', 'Overridable', 'Created', 'Removed'],
          list.map((c) =>
            h(
              'tr',
              { dataset: { controlId: c.id } },
              h('th', { scope: 'row' }, chip(c.type, c.deleted_at ? 'muted' : c.type === 'FROZEN' ? 'bad' : 'warn')),
              h('td', null, h('code', null, c.reason_code ?? ''), c.reason ? h('div', { class: 'small muted' }, c.reason) : null),
              h('td', null, c.set_by ?? '?'),
              h('td', null, c.is_overridable ? 'yes' : 'no'),
              h('td', null, c.created_at ? time(c.created_at) : '—'),
              h('td', null, c.deleted_at ? time(c.deleted_at) : 'active'),
            ),
          ),
          'controls-table',
        )
      : h('p', { class: 'muted' }, 'No controls.'),
  );
}

function members(identity) {
  const list = identity.institution_members ?? [];
  if (identity.type !== 'INSTITUTION') return null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'members-heading' },
    h('h3', { id: 'members-heading' }, 'Members'),
    list.length
      ? h('ul', { class: 'members' }, list.map((m) => h('li', null, h('a', { href: `#/identity/${encodeURIComponent(m.identity_id)}` }, m.name || m.identity_id), ' ', m.summary_status ? badge(m.summary_status) : null, ` ${(m.roles ?? []).join(', ')}`)))
      : h('p', { class: 'muted' }, 'No members.'),
  );
}

function scheduled(detail, now) {
  if (!detail.jobs.length) return null;
  return h(
    'section',
    { class: 'card', 'aria-labelledby': 'jobs-heading' },
    h('h3', { id: 'jobs-heading' }, 'Scheduled'),
    h('ul', { class: 'jobs' }, detail.jobs.map((j) => h('li', null, code(j.kind), ' at ', time(j.due_at), ` (${relative(j.due_at, now)})`))),
  );
}

/**
 * The detail view. `handlers`: { onAction(action, body?), onResend(eventItem) }.
 */
export function renderDetail(detail, { meta, now, onAction, onResend }) {
  const id = detail.identity;
  const sim = detail.simulator ?? {};
  return h(
    'article',
    { class: 'detail', dataset: { identityId: id.id } },
    h(
      'header',
      { class: 'detail-head card' },
      h('div', { class: 'title-row' }, h('h2', { id: 'detail-heading', tabindex: '-1', dataset: { focusKey: 'detail-heading' } }, detail.name || id.ref_id || id.id), badge(id.status, 'badge-large')),
      facts([
        ['ID', h('code', null, id.id)],
        ['ref_id', id.ref_id],
        ['Type', id.type],
        ['Entity', detail.entity_id ? h('code', null, detail.entity_id) : undefined],
        ['Client', h('code', null, detail.client_id)],
        ['Verifier', id.person_details?.verifier_type],
        ['Created', id.created_at ? time(id.created_at) : undefined],
        ['Updated', id.updated_at ? time(id.updated_at) : undefined],
        ['Decision rule', sim.rule],
        ['EDD', sim.edd ? `${sim.edd.state.replace('_', ' ')}: ${sim.edd.required.join(', ')} → ${sim.edd.then}` : undefined],
        ['Manual review', sim.manual_review],
        ['KYC refresh', sim.kyc_refresh],
      ]),
      actions(detail, meta, onAction),
    ),
    statusDetails(id),
    members(id),
    accounts(detail),
    controlHistory(detail),
    scheduled(detail, now),
    h('section', { class: 'card', 'aria-labelledby': 'timeline-heading' }, h('h3', { id: 'timeline-heading' }, 'Timeline'), renderTimeline(detail.timeline, { now, onResend })),
  );
}
