import { api, ApiError } from './api.js';
import { h } from './dom.js';
import { t, formatTime } from './i18n.js';

// Telemetry as inline SVG line charts (GET /api/telemetry): one small chart per field, no chart library.
const svgNs = 'http://www.w3.org/2000/svg';
const width = 480;
const height = 140;
const pad = 32;

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  if (text !== undefined) element.textContent = text;
  return element;
}

export async function renderCharts(container, gatewayId, deviceId) {
  const query = new URLSearchParams({ gateway: gatewayId, minutes: '60' });
  if (deviceId) query.set('device', deviceId);
  let chart;
  try {
    chart = await api(`/api/telemetry?${query}`);
  } catch (error) {
    container.replaceChildren(h('p', { class: 'error' }, error instanceof ApiError && error.status === 503 ? t('charts.unavailable') : t('error.network')));
    return;
  }
  const title = deviceId ? `${gatewayId} / ${deviceId}` : gatewayId;
  container.replaceChildren(h('section', { class: 'charts', dataset: { gateway: gatewayId, device: deviceId ?? '' } },
    h('h2', {}, `${t('charts.title')} · ${title} · ${t('charts.lastHour')}`),
    chart.series.length === 0 ? h('p', { class: 'empty' }, t('charts.empty')) : chart.series.map(lineChart)));
}

function lineChart(series) {
  const xs = series.points.map(p => p[0]);
  const ys = series.points.map(p => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const x = v => pad + (x1 === x0 ? (width - 2 * pad) / 2 : (v - x0) / (x1 - x0) * (width - 2 * pad));
  const y = v => height - pad + (y1 === y0 ? -(height - 2 * pad) / 2 : -(v - y0) / (y1 - y0) * (height - 2 * pad));
  const figure = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'data-field': series.field });
  figure.append(
    svg('title', {}, series.field),
    svg('line', { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: 'axis' }),
    svg('line', { x1: pad, y1: pad, x2: pad, y2: height - pad, class: 'axis' }),
    svg('text', { x: pad - 4, y: pad + 4, 'text-anchor': 'end' }, format(y1)),
    svg('text', { x: pad - 4, y: height - pad, 'text-anchor': 'end' }, format(y0)),
    svg('text', { x: pad, y: height - 8 }, formatTime(new Date(x0).toISOString())),
    svg('text', { x: width - pad, y: height - 8, 'text-anchor': 'end' }, formatTime(new Date(x1).toISOString())),
    svg('text', { x: width / 2, y: 16, 'text-anchor': 'middle', class: 'field' }, series.field),
    svg('polyline', { points: series.points.map(p => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ') }));
  return figure;
}

function format(value) { return Number.isInteger(value) ? String(value) : value.toFixed(2); }
