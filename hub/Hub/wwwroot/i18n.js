// Every string the dashboard shows, one dictionary per language. zh-CN is the default; the choice is kept per browser.
const dictionaries = {
  'zh-CN': {
    'app.title': '智安小区监控',
    'lang.switch': 'English',
    'login.title': '登录',
    'login.user': '用户名',
    'login.password': '密码',
    'login.submit': '登录',
    'login.wrong': '用户名或密码错误',
    'login.locked': '账号已锁定，请稍后再试或联系管理员',
    'login.throttled': '登录尝试过多，请一分钟后再试',
    'login.expired': '会话已过期，请重新登录',
    'login.unreachable': '无法连接到中心，请检查网络',
    'nav.queue': '报警队列',
    'nav.duty': '民警值班',
    'nav.health': '设备状态',
    'nav.site': '小区平面',
    'site.title': '小区平面', 'site.none': '您的范围内没有小区', 'site.empty': '还没有设备上报过位置',
    'site.unplaced': '位置未知的设备', 'site.quiet': '无报警',
    'site.unmarked': '未在平面图上标注的设备', 'site.legend.open': '门开着',
    'devstate.open': '开启', 'devstate.closed': '关闭', 'devstate.alarm': '报警', 'devstate.normal': '正常', 'devstate.fault': '故障', 'devstate.offline': '离线',
    'plan.title': '平面图管理', 'plan.file': '平面图（PNG 或 JPEG，不超过 5 MB）', 'plan.upload': '上传平面图',
    'plan.none': '还没有上传平面图：上传后可在图上标注设备和楼栋。', 'plan.size': '{0}×{1} 像素', 'plan.uploadedBy': '由 {0} 于 {1} 上传',
    'plan.place': '标注', 'plan.device': '设备', 'plan.orBuilding': '或楼栋名', 'plan.buildingName': '如 5', 'plan.remove': '移除此标注',
    'plan.hint': '选择设备或楼栋，然后在平面图上点击其位置；全部标好后点“保存标注”。', 'plan.save': '保存标注',
    'nav.logout': '退出',
    'queue.title': '报警队列',
    'queue.unacked': '未确认',
    'queue.empty': '当前没有待处理的报警',
    'duty.title': '社区民警值班',
    'duty.jurisdiction': '辖区',
    'stream.live': '实时',
    'stream.down': '连接中断，正在重连…',
    'stream.reloaded': '已重新连接，列表已刷新',
    'level.1': '提示', 'level.2': '预警', 'level.3': '报警',
    'state.reported': '待确认', 'state.acknowledged': '已确认', 'state.dispatched': '已派遣', 'state.on_site': '已到场',
    'state.resolved': '已处置', 'state.false_alarm': '误报', 'state.reviewed': '已复核', 'state.closed': '已关闭',
    'tier.1': '社区', 'tier.2': '街镇', 'tier.3': '区县',
    'action.acknowledge': '确认', 'action.dispatch': '派遣', 'action.arrive': '到场', 'action.resolve': '处置完毕',
    'action.false_alarm': '误报', 'action.review': '复核', 'action.close': '关闭', 'action.reopen': '重新打开',
    'action.escalate': '上报', 'action.note': '备注',
    'action.reported': '上报', 'action.repeated': '重复报警', 'action.escalated': '超时升级', 'action.released': '解除隔离',
    'detail.back': '返回队列',
    'detail.place': '位置', 'detail.device': '设备', 'detail.occurred': '发生时间', 'detail.received': '接收时间',
    'detail.deadline': '处置时限', 'detail.tier': '责任层级', 'detail.assignee': '处置人', 'detail.events': '报警次数',
    'detail.evidence': '现场快照', 'detail.evidence.open': '查看证据', 'detail.evidence.none': '无快照',
    'detail.clip': '录像片段（含未打码画面，保存在网关，按程序调取）',
    'detail.timeline': '处置记录', 'detail.actions': '操作', 'detail.note': '说明', 'detail.assignTo': '派遣给',
    'detail.noActions': '您的角色当前不能对此事件操作',
    'detail.needsNote': '此操作需要填写说明',
    'detail.done': '已保存',
    'detail.notFound': '没有此事件，或您无权查看',
    'timeline.at': '时间', 'timeline.actor': '操作人', 'timeline.action': '动作', 'timeline.state': '状态', 'timeline.note': '说明',
    'place.building': '{0}号楼', 'place.unit': '{0}单元', 'place.floor': '{0}层', 'place.room': '{0}室',
    'health.title': '设备与网关状态',
    'health.refresh': '刷新',
    'health.gateway': '网关', 'health.community': '社区', 'health.state': '状态', 'health.heartbeat': '最后心跳',
    'health.backlog': '积压事件', 'health.devices': '设备', 'health.online': '在线', 'health.offline': '离线', 'health.unknown': '未知',
    'health.empty': '没有网关',
    'charts.show': '曲线', 'charts.title': '监测曲线', 'charts.lastHour': '近1小时（每分钟均值）', 'charts.empty': '近1小时没有数据', 'charts.unavailable': '时序数据库暂不可用',
    'error.csrf': '安全令牌无效（可能来自伪造请求），操作未执行。请重新登录。',
    'error.forbidden': '您的角色不能执行此操作',
    'error.conflict': '无法执行：{0}',
    'error.invalid': '请求无效：{0}',
    'error.generic': '出错了（{0}）',
    'error.network': '无法连接到中心',
    'role.admin': '管理员', 'role.property_operator': '物业值班员', 'role.guard': '保安', 'role.grid_worker': '网格员',
    'role.community_police': '社区民警', 'role.street_operator': '街镇平台', 'role.county_operator': '区县中心', 'role.installer': '安装人员',
  },
  en: {
    'app.title': 'Smart-secure community monitoring',
    'lang.switch': '中文',
    'login.title': 'Sign in',
    'login.user': 'Login',
    'login.password': 'Password',
    'login.submit': 'Sign in',
    'login.wrong': 'Wrong login or password',
    'login.locked': 'Account locked; try again later or ask an admin',
    'login.throttled': 'Too many attempts; try again in a minute',
    'login.expired': 'Your session has expired; please sign in again',
    'login.unreachable': 'Cannot reach the hub; check the network',
    'nav.queue': 'Alert queue',
    'nav.duty': 'Police duty',
    'nav.health': 'Device health',
    'nav.site': 'Site plan',
    'site.title': 'Site plan', 'site.none': 'No community in your scope', 'site.empty': 'No device has reported its place yet',
    'site.unplaced': 'Devices of unknown place', 'site.quiet': 'No alert',
    'site.unmarked': 'Devices not marked on the plan', 'site.legend.open': 'Door open',
    'devstate.open': 'open', 'devstate.closed': 'closed', 'devstate.alarm': 'alarm', 'devstate.normal': 'normal', 'devstate.fault': 'fault', 'devstate.offline': 'offline',
    'plan.title': 'Site plan admin', 'plan.file': 'Plan (PNG or JPEG, at most 5 MB)', 'plan.upload': 'Upload plan',
    'plan.none': 'No plan uploaded yet: once it is, devices and buildings can be marked on it.', 'plan.size': '{0}×{1} pixels', 'plan.uploadedBy': 'uploaded by {0} at {1}',
    'plan.place': 'Mark', 'plan.device': 'device', 'plan.orBuilding': 'or building', 'plan.buildingName': 'e.g. 5', 'plan.remove': 'Remove this marker',
    'plan.hint': 'Choose a device or building, then click where it is on the plan; save when all are placed.', 'plan.save': 'Save markers',
    'nav.logout': 'Sign out',
    'queue.title': 'Alert queue',
    'queue.unacked': 'Unacknowledged',
    'queue.empty': 'No open alerts',
    'duty.title': 'Community police duty',
    'duty.jurisdiction': 'Jurisdiction',
    'stream.live': 'Live',
    'stream.down': 'Connection lost, reconnecting…',
    'stream.reloaded': 'Reconnected; the list was reloaded',
    'level.1': 'Notice', 'level.2': 'Warning', 'level.3': 'Alarm',
    'state.reported': 'Reported', 'state.acknowledged': 'Acknowledged', 'state.dispatched': 'Dispatched', 'state.on_site': 'On site',
    'state.resolved': 'Resolved', 'state.false_alarm': 'False alarm', 'state.reviewed': 'Reviewed', 'state.closed': 'Closed',
    'tier.1': 'Community', 'tier.2': 'Street/town', 'tier.3': 'County',
    'action.acknowledge': 'Acknowledge', 'action.dispatch': 'Dispatch', 'action.arrive': 'On site', 'action.resolve': 'Resolve',
    'action.false_alarm': 'False alarm', 'action.review': 'Review', 'action.close': 'Close', 'action.reopen': 'Reopen',
    'action.escalate': 'Escalate', 'action.note': 'Note',
    'action.reported': 'Reported', 'action.repeated': 'Repeated', 'action.escalated': 'Escalated (deadline)', 'action.released': 'Released',
    'detail.back': 'Back to the queue',
    'detail.place': 'Place', 'detail.device': 'Device', 'detail.occurred': 'Occurred', 'detail.received': 'Received',
    'detail.deadline': 'Deadline', 'detail.tier': 'Tier', 'detail.assignee': 'Assignee', 'detail.events': 'Events',
    'detail.evidence': 'Snapshot', 'detail.evidence.open': 'Open evidence', 'detail.evidence.none': 'No snapshot',
    'detail.clip': 'Clip (faces not blurred; kept on the gateway, fetched on request)',
    'detail.timeline': 'Timeline', 'detail.actions': 'Actions', 'detail.note': 'Note', 'detail.assignTo': 'Dispatch to',
    'detail.noActions': 'Your role cannot act on this incident now',
    'detail.needsNote': 'This action needs a note',
    'detail.done': 'Saved',
    'detail.notFound': 'No such incident, or you may not see it',
    'timeline.at': 'Time', 'timeline.actor': 'By', 'timeline.action': 'Action', 'timeline.state': 'State', 'timeline.note': 'Note',
    'place.building': 'Building {0}', 'place.unit': 'unit {0}', 'place.floor': 'floor {0}', 'place.room': 'room {0}',
    'health.title': 'Devices and gateways',
    'health.refresh': 'Refresh',
    'health.gateway': 'Gateway', 'health.community': 'Community', 'health.state': 'State', 'health.heartbeat': 'Last heartbeat',
    'health.backlog': 'Backlog', 'health.devices': 'Devices', 'health.online': 'Online', 'health.offline': 'Offline', 'health.unknown': 'Unknown',
    'health.empty': 'No gateways',
    'charts.show': 'Chart', 'charts.title': 'Telemetry', 'charts.lastHour': 'last hour (1-minute means)', 'charts.empty': 'No data in the last hour', 'charts.unavailable': 'The telemetry store is unavailable',
    'error.csrf': 'Invalid security token (possibly a forged request); nothing was done. Please sign in again.',
    'error.forbidden': 'Your role may not do this',
    'error.conflict': 'Not possible: {0}',
    'error.invalid': 'Invalid request: {0}',
    'error.generic': 'Something went wrong ({0})',
    'error.network': 'Cannot reach the hub',
    'role.admin': 'Admin', 'role.property_operator': 'Property operator', 'role.guard': 'Guard', 'role.grid_worker': 'Grid worker',
    'role.community_police': 'Community police', 'role.street_operator': 'Street/town operator', 'role.county_operator': 'County operator', 'role.installer': 'Installer',
  },
};

const storageKey = 'es.lang';
let current = dictionaries[localStorage.getItem(storageKey)] ? localStorage.getItem(storageKey) : 'zh-CN';

export function language() { return current; }

export function t(key, ...args) {
  const text = dictionaries[current][key] ?? dictionaries['zh-CN'][key] ?? key;
  return args.reduce((s, a, i) => s.replace(`{${i}}`, a), text);
}

export function toggleLanguage() {
  current = current === 'zh-CN' ? 'en' : 'zh-CN';
  localStorage.setItem(storageKey, current);
  applyStatic();
}

/** Fills every element marked data-i18n, and the document's language. */
export function applyStatic() {
  document.documentElement.lang = current;
  for (const element of document.querySelectorAll('[data-i18n]')) element.textContent = t(element.dataset.i18n);
}

/** A name the API gives in both languages ({zh, en}). */
export function localName(name) { return current === 'zh-CN' ? name.zh : name.en; }

export function formatTime(iso) {
  return iso ? new Date(iso).toLocaleString(current, { hour12: false }) : '—';
}
