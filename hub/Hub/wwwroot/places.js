import { t } from './i18n.js';

// Place ids to names, from /api/places, for "阳光花园社区 / 阳光花园第一网格 / 3号楼 2单元 1层".
const names = new Map();
let all = [];

export function rememberPlaces(places) {
  all = places;
  names.clear();
  for (const place of places) names.set(place.id, place.name);
}

/** The communities at or below the person's scopes (a grid counts as its community); every one for no scopes (admin, installer). */
export function communitiesOf(scopes) {
  const byId = new Map(all.map(p => [p.id, p]));
  const within = place => {
    for (let p = place; p; p = byId.get(p.parentId)) if (scopes.includes(p.id)) return true;
    return all.some(g => g.level === 'grid' && g.parentId === place.id && scopes.includes(g.id));
  };
  return all.filter(p => p.level === 'community' && (scopes.length === 0 || within(p)));
}

export function placeName(id) { return names.get(id) ?? id; }

export function placeText(place) {
  const parts = [placeName(place.community)];
  if (place.grid) parts.push(placeName(place.grid));
  const inside = [];
  if (place.building) inside.push(t('place.building', place.building));
  if (place.unit) inside.push(t('place.unit', place.unit));
  if (place.floor) inside.push(t('place.floor', place.floor));
  if (place.room) inside.push(t('place.room', place.room));
  if (inside.length) parts.push(inside.join(' '));
  return parts.join(' / ');
}
