import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { t, localName, formatTime } from './i18n.js';
import { placeText } from './places.js';

// One incident: what happened where, the snapshot, the timeline, and the actions this person may take now.

export async function renderIncident(view, id, { showError, showInfo }) {
  let detail, available, assignees = [];
  try {
    [detail, available] = await Promise.all([api(`/api/incidents/${id}`), api(`/api/incidents/${id}/actions`)]);
    if (available.actions.includes('dispatch')) assignees = await api(`/api/incidents/${id}/assignees`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      view.replaceChildren(h('section', { id: 'incident' }, h('a', { href: '#/queue' }, t('detail.back')), h('p', { class: 'error' }, t('detail.notFound'))));
      return;
    }
    throw error;
  }
  const incident = detail.incident;
  const note = h('textarea', { id: 'action-note', rows: 2, maxlength: 2000, placeholder: t('detail.note') });
  const assignee = h('select', { id: 'action-assignee' }, assignees.map(p => h('option', { value: p.login }, `${p.name} (${t(`role.${p.role}`)})`)));

  async function act(action) {
    const text = note.value.trim();
    if (available.needNote.includes(action) && !text) { showError(t('detail.needsNote')); note.focus(); return; }
    try {
      await api(`/api/incidents/${id}/actions`, {
        method: 'POST',
        body: { action, note: text || null, assignee: action === 'dispatch' ? assignee.value : null },
      });
      showInfo(t('detail.done'));
      await renderIncident(view, id, { showError, showInfo });
    } catch (error) {
      showError(describe(error));
    }
  }

  // A gateway's evidence:// URI is served by the hub once the gateway has sent the file (GET /api/evidence).
  const evidence = incident.evidence
    ? { ...incident.evidence, uri: incident.evidence.uri.startsWith('evidence://') ? `/api/evidence?uri=${encodeURIComponent(incident.evidence.uri)}` : incident.evidence.uri }
    : null;
  view.replaceChildren(h('section', { id: 'incident', dataset: { id, state: incident.state } },
    h('a', { href: '#/queue', class: 'back' }, t('detail.back')),
    h('h1', {}, h('span', { class: `badge level-${incident.level}` }, t(`level.${incident.level}`)), ' ', localName(incident.typeName), ' ',
      h('span', { id: 'incident-state', class: `state state-${incident.state}` }, t(`state.${incident.state}`))),
    h('div', { class: 'columns' },
      h('dl', { class: 'facts' },
        fact('detail.place', h('span', { id: 'incident-place' }, placeText(incident.place))),
        fact('detail.device', `${incident.gatewayId} / ${incident.deviceId}`),
        fact('detail.occurred', formatTime(incident.occurredAt)),
        fact('detail.received', formatTime(incident.receivedAt)),
        fact('detail.deadline', formatTime(incident.deadlineAt)),
        fact('detail.tier', t(`tier.${tierNumber(incident.tier)}`)),
        fact('detail.assignee', incident.assignee ?? '—'),
        fact('detail.events', String(incident.eventCount))),
      h('figure', { class: 'evidence' },
        h('figcaption', {}, t('detail.evidence')),
        evidence
          ? [evidence.kind === 'snapshot' ? h('img', { id: 'evidence-image', src: evidence.uri, alt: t('detail.evidence'), loading: 'lazy', referrerpolicy: 'no-referrer' }) : null,
             h('a', { id: 'evidence-link', href: evidence.uri, target: '_blank', rel: 'noopener noreferrer' }, t('detail.evidence.open'))]
          : h('p', {}, t('detail.evidence.none')),
        // Clips keep faces unblurred, so they stay on the gateway; the operator sees which one to ask for.
        incident.attributes?.clip ? h('p', { id: 'evidence-clip' }, `${t('detail.clip')}: `, h('code', {}, incident.attributes.clip)) : null)),
    h('h2', {}, t('detail.actions')),
    available.actions.length === 0
      ? h('p', { id: 'no-actions' }, t('detail.noActions'))
      : h('div', { class: 'actions' },
          note,
          available.actions.includes('dispatch') ? h('label', {}, t('detail.assignTo'), ' ', assignee) : null,
          h('div', { class: 'buttons' }, available.actions.map(action =>
            h('button', { type: 'button', class: `action action-${action}`, dataset: { action }, onclick: () => act(action) }, t(`action.${action}`))))),
    h('h2', {}, t('detail.timeline')),
    h('table', { id: 'timeline' },
      h('thead', {}, h('tr', {}, ['timeline.at', 'timeline.actor', 'timeline.action', 'timeline.state', 'timeline.note'].map(k => h('th', {}, t(k))))),
      h('tbody', {}, detail.timeline.map(entry => h('tr', { dataset: { action: entry.action } },
        h('td', {}, formatTime(entry.at)), h('td', {}, entry.actor), h('td', {}, t(`action.${entry.action}`)),
        h('td', {}, t(`state.${entry.state}`)), h('td', {}, entry.note ?? '')))))));
}

function fact(key, value) { return [h('dt', {}, t(key)), h('dd', {}, value)]; }

// The API writes the tier by name (community, street, county).
function tierNumber(tier) { return { community: 1, street: 2, county: 3 }[tier] ?? tier; }

export function describe(error) {
  if (!(error instanceof ApiError)) return t('error.network');
  if (error.isCsrf) return t('error.csrf');
  if (error.status === 403) return t('error.forbidden');
  if (error.status === 409) return t('error.conflict', error.problem?.detail ?? '');
  if (error.status === 400) return t('error.invalid', error.problem?.detail ?? '');
  return t('error.generic', error.status);
}
