import { api } from './api.js';
import { h } from './dom.js';
import { t, formatTime } from './i18n.js';
import { placeName } from './places.js';
import { renderCharts } from './charts.js';

// Gateways of this person's communities, offline (or never heard of) first, then the longest silent; each opens to its devices.
export async function renderHealth(view) {
  const gateways = await api('/api/gateways');
  const rank = g => (g.state === 'online' ? 1 : 0);
  gateways.sort((a, b) => rank(a) - rank(b) || (a.lastHeartbeatAt ?? '').localeCompare(b.lastHeartbeatAt ?? ''));
  const charts = h('div', { id: 'charts' });
  view.replaceChildren(h('section', { id: 'health' },
    h('h1', {}, t('health.title'), ' ', h('button', { type: 'button', onclick: () => renderHealth(view) }, t('health.refresh'))),
    gateways.length === 0 ? h('p', { class: 'empty' }, t('health.empty')) :
      h('table', {},
        h('thead', {}, h('tr', {}, ['health.gateway', 'health.community', 'health.state', 'health.heartbeat', 'health.backlog', 'health.devices'].map(k => h('th', {}, t(k))))),
        h('tbody', {}, gateways.map(g => gatewayRow(g, charts)))),
    charts));
}

function gatewayRow(gateway, charts) {
  const state = gateway.state ?? 'unknown';
  const devices = h('td', {},
    h('button', { type: 'button', class: 'show-devices', onclick: () => showDevices(gateway.gatewayId, devices, charts) }, t('health.devices')), ' ',
    h('button', { type: 'button', class: 'show-chart', onclick: () => renderCharts(charts, gateway.gatewayId, null) }, t('charts.show')));
  return h('tr', { class: `gateway gateway-${state}`, dataset: { gateway: gateway.gatewayId, state } },
    h('td', {}, gateway.gatewayId),
    h('td', {}, placeName(gateway.community)),
    h('td', {}, h('span', { class: `state gateway-${state}` }, t(`health.${state}`))),
    h('td', {}, formatTime(gateway.lastHeartbeatAt)),
    h('td', {}, gateway.backlog ? String(gateway.backlog.events) : '—'),
    devices);
}

async function showDevices(gatewayId, cell, charts) {
  const devices = await api(`/api/gateways/${encodeURIComponent(gatewayId)}/devices`);
  cell.replaceChildren(h('ul', { class: 'devices' }, devices.map(d => h('li', { dataset: { device: d.deviceId } },
    `${d.deviceId}: ${d.state} (${formatTime(d.at)}) `,
    h('button', { type: 'button', class: 'show-chart', onclick: () => renderCharts(charts, gatewayId, d.deviceId) }, t('charts.show'))))));
}
