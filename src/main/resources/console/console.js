// Operator console: vanilla JS over /api/ops, Vietnamese first (English by the switch, remembered in localStorage),
// times as dd/MM/yyyy HH:mm:ss in Asia/Ho_Chi_Minh. Data is put in the page with textContent only (never as HTML),
// so a payload cannot inject markup. The session token lives in sessionStorage (gone when the tab closes).
// Charts: uPlot, served from the jar (no CDN: provincial networks are closed).
'use strict';

const ENV = document.body.dataset.env || 'unknown';
const TOKEN_KEY = 'gatewayConsoleToken';
const LANG_KEY = 'gatewayConsoleLang';
const ZONE = 'Asia/Ho_Chi_Minh';
let lang = localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'vi';
let overviewTimer = null;
let chartTimer = null;
let chartRange = '24h';
let me = null;
const charts = {};
const listState = { page: 0, sort: 'updated', dir: 'desc', total: 0 };

const TEXT = {
  vi: {
    'banner.sandbox': 'MÔI TRƯỜNG THỬ (SANDBOX) — hệ thống giả lập, chỉ dữ liệu thử',
    'banner.test': 'MÔI TRƯỜNG KIỂM THỬ — nối với hệ thống kiểm thử',
    'banner.production': 'MÔI TRƯỜNG THẬT — hồ sơ thật của công dân: mọi thao tác đều được ghi lại',
    'doc.title': 'Cổng liên thông – bảng điều hành', 'lang.other': 'English',
    'login.title': 'Bảng điều hành', 'login.user': 'Tên đăng nhập', 'login.password': 'Mật khẩu', 'login.submit': 'Đăng nhập',
    'login.ended': 'Phiên làm việc đã hết: vui lòng đăng nhập lại.', 'login.out': 'Đã đăng xuất.',
    'tab.overview': 'Tổng quan', 'tab.dossiers': 'Hồ sơ', 'tab.invalid': 'Không hợp lệ', 'tab.review': 'Cần xem xét',
    'tab.dlq': 'Thư lỗi', 'tab.controls': 'Điều khiển', 'tab.audit': 'Nhật ký thao tác',
    'who.readonly': 'chỉ xem', 'who.logout': 'Đăng xuất', 'role.operator': 'người vận hành', 'role.viewer': 'người xem',
    'ov.charts': 'Hình ảnh trong ngày', 'ov.24h': '24 giờ', 'ov.7d': '7 ngày',
    'ov.perHour': 'Hồ sơ nhận theo giờ, theo trạng thái hiện tại', 'ov.queueDepth': 'Số thông điệp chờ trong hàng đợi',
    'ov.success': 'Tỉ lệ gọi thành công theo hệ thống (%)', 'ov.latency': 'Thời gian phản hồi trung bình (ms)',
    'ov.flows': 'Luồng nghiệp vụ', 'ov.queues': 'Hàng đợi', 'ov.refresh': 'Tự làm mới mỗi 5 giây (biểu đồ mỗi 30 giây).',
    'ov.last': 'Lần làm mới cuối: {0}', 'ov.noData': 'Chưa có dữ liệu',
    'card.dead': 'Thư lỗi đang chờ', 'card.invalid': 'Không hợp lệ đang chờ', 'card.review': 'Cần xem xét đang chờ',
    'card.upstreams': 'Hệ thống đang tạm dừng / ngắt',
    'col.flow': 'luồng', 'col.byState': 'hồ sơ theo trạng thái', 'col.queue': 'hàng đợi / đối tượng', 'col.kind': 'loại',
    'col.waiting': 'đang chờ', 'col.code': 'mã hồ sơ', 'col.state': 'trạng thái', 'col.module': 'phân hệ', 'col.unit': 'đơn vị',
    'col.received': 'nhận lúc', 'col.updated': 'cập nhật', 'col.lastReason': 'lý do gần nhất', 'col.time': 'thời gian',
    'col.step': 'bước', 'col.outcome': 'kết quả', 'col.reason': 'lý do', 'col.dossier': 'hồ sơ',
    'col.reasonCause': 'lý do / nguyên nhân', 'col.actions': 'thao tác', 'col.upstream': 'hệ thống', 'col.circuit': 'cầu dao',
    'col.success': 'thành công (60 phút)', 'col.latency': 'phản hồi TB', 'col.schedule': 'lịch', 'col.cron': 'biểu thức',
    'col.lastRun': 'lần chạy trước', 'col.nextRun': 'lần chạy tới', 'col.lag': 'trễ', 'col.operator': 'người thực hiện',
    'col.action': 'thao tác',
    'kind.inbound': 'đầu vào', 'kind.work': 'đang xử lý', 'kind.invalid': 'không hợp lệ', 'kind.review': 'cần xem xét',
    'kind.dead-letter': 'thư lỗi', 'kind.anomaly': 'bất thường',
    'list.title': 'Danh sách hồ sơ', 'f.code': 'Mã hồ sơ (một phần)', 'f.flow': 'Luồng', 'f.state': 'Trạng thái',
    'f.from': 'Nhận từ ngày', 'f.to': 'đến ngày', 'f.module': 'Phân hệ', 'f.unit': 'Mã đơn vị', 'f.needs': 'Cần tôi xử lý',
    'f.size': 'Số dòng/trang', 'f.apply': 'Lọc', 'f.clear': 'Xoá bộ lọc', 'f.all': '(tất cả)',
    'needs.review': 'cần xem xét', 'needs.invalid': 'không hợp lệ', 'needs.dead-letter': 'thư lỗi', 'needs.anomaly': 'bất thường',
    'find.label': 'Mở đúng mã hồ sơ', 'find.submit': 'Mở',
    'list.summary': '{0} hồ sơ; trang {1}/{2}', 'list.none': 'Không có hồ sơ nào khớp bộ lọc.', 'list.more': 'hơn ', 'list.window': ' (tìm theo một phần mã trong {0} ngày gần nhất; chọn khoảng ngày để tìm xa hơn)',
    'page.prev': '‹ Trang trước', 'page.next': 'Trang sau ›', 'legend.title': 'Các trạng thái nghĩa là gì?',
    'dossier.back': '‹ Về danh sách', 'dossier.result': 'Tệp kết quả', 'dossier.trail': 'Các bước đã qua',
    'dossier.versions': 'Các phiên bản đã nhận', 'dossier.masked': '(thông tin cá nhân được che)',
    'dossier.noVersion': 'Không lưu phiên bản nào (hồ sơ chưa qua bước kiểm tra).', 'dossier.version': 'phiên bản {0} nhận lúc {1}',
    'fact.flow': 'luồng', 'fact.module': 'phân hệ (vào → đẩy)', 'fact.unit': 'đơn vị', 'fact.province': 'tỉnh',
    'fact.attempts': 'số lần đẩy', 'fact.lastReason': 'lý do gần nhất', 'fact.received': 'nhận lúc', 'fact.updated': 'cập nhật lúc',
    'kindpage.invalid': 'Hàng đợi không hợp lệ', 'kindpage.review': 'Hàng đợi cần xem xét',
    'kindpage.dead-letter': 'Hàng đợi thư lỗi và bất thường',
    'kindhelp.invalid': 'Hồ sơ bị từ chối khi kiểm tra: sửa rồi phát lại, hoặc huỷ có lý do. Mỗi luồng có hàng đợi riêng.',
    'kindhelp.review': 'Địa chỉ khớp nhiều đơn vị hành chính: chọn đúng đơn vị rồi phát lại.',
    'kindhelp.dead-letter': 'Thông điệp đã thử lại nhiều lần vẫn lỗi, và các bất thường khi theo dõi. Chọn một hàng đợi:',
    'empty': 'trống', 'q.title': 'Hàng đợi', 'q.waiting': '{0} đang chờ', 'q.empty': 'Không có thông điệp nào đang chờ trong hàng đợi này.',
    'q.none': '(không có)', 'q.message': 'thông điệp (thông tin cá nhân được che)',
    'q.replayTo': 'Phát lại vào {0}', 'q.replay': 'Phát lại', 'q.discard': 'Huỷ', 'q.discardReason': 'lý do huỷ (bắt buộc)',
    'q.edit': 'Sửa trước khi phát lại (luồng sẽ kiểm tra lại)', 'q.replayEdited': 'Phát lại bản đã sửa',
    'q.replayed': 'Đã phát lại {0} vào {1}', 'q.discarded': 'Đã huỷ {0}', 'q.resolved': 'Đã chọn đơn vị và phát lại {0}',
    'q.choose': 'Chọn đơn vị hành chính đúng', 'q.resolve': 'Chọn đơn vị và phát lại', 'q.input': 'địa chỉ đã nhập: {0}',
    'bulk.title': 'Phát lại nhiều thông điệp', 'bulk.code': 'Mã hồ sơ chứa', 'bulk.cause': 'Nguyên nhân chứa', 'bulk.note': 'Ghi chú',
    'bulk.submit': 'Phát lại tất cả thông điệp khớp', 'bulk.done': 'Đã phát lại {0} thông điệp; {1} không phát lại được',
    'c.upstreams': 'Hệ thống kết nối', 'c.schedules': 'Lịch chạy', 'c.logs': 'Mức ghi nhật ký', 'c.logger': 'bộ ghi', 'c.level': 'mức',
    'c.apply': 'Áp dụng ngay',
    'c.upstreamsHelp': 'Tạm dừng: thông điệp chờ trong hàng đợi, không thông điệp nào bị lỗi; tiếp tục: chúng được gửi đi. Đặt lại: đóng cầu dao sau sự cố.',
    'c.pause': 'Tạm dừng', 'c.resume': 'Tiếp tục', 'c.reset': 'Đặt lại cầu dao', 'c.runNow': 'Chạy ngay', 'c.paused': 'đang tạm dừng',
    'c.done.pause': 'Đã tạm dừng {0}', 'c.done.resume': 'Đã cho {0} chạy tiếp', 'c.done.reset': 'Đã đặt lại cầu dao của {0}',
    'c.done.run': 'Đã chạy ngay lịch {0}', 'c.done.log': 'Mức ghi của {0}: {1} (trước đó {2})', 'c.noCalls': 'chưa gọi', 'c.off': 'đã tắt',
    'circuit.CLOSED': 'đóng — hoạt động bình thường', 'circuit.OPEN': 'ngắt — tạm ngừng gọi sau nhiều lỗi',
    'circuit.HALF_OPEN': 'đang thử lại', 'circuit.FORCED_OPEN': 'tạm dừng theo lệnh người vận hành',
    'audit.title': 'Thao tác của người vận hành',
    'err.401': 'Chưa đăng nhập hoặc phiên đã hết.', 'err.403': 'Bị từ chối: chỉ người vận hành được thực hiện thao tác này (tài khoản của bạn chỉ xem).',
    'err.404': 'Không tìm thấy.', 'err.409': 'Không thực hiện được.', 'err.400': 'Dữ liệu gửi lên chưa đúng.',
    'err.429': 'Đăng nhập sai quá nhiều lần: thử lại sau 5 phút.', 'err.other': 'Lỗi {0}.',
    'err.wrongLogin': 'Sai tên đăng nhập hoặc mật khẩu.', 'err.reasonRequired': 'Cần nhập lý do huỷ.',
    'err.noDossier': 'Không có hồ sơ {0} trong sổ theo dõi.',
  },
  en: {
    'banner.sandbox': 'SANDBOX — simulated upstreams, test data only',
    'banner.test': 'TEST ENVIRONMENT — connected to test upstreams',
    'banner.production': 'PRODUCTION — real citizens\u2019 dossiers: every action is recorded',
    'doc.title': 'Liên thông gateway – operator console', 'lang.other': 'Tiếng Việt',
    'login.title': 'Operator console', 'login.user': 'User', 'login.password': 'Password', 'login.submit': 'Log in',
    'login.ended': 'Your session has ended: log in again.', 'login.out': 'Logged out.',
    'tab.overview': 'Overview', 'tab.dossiers': 'Dossiers', 'tab.invalid': 'Invalid', 'tab.review': 'Review',
    'tab.dlq': 'Dead letters', 'tab.controls': 'Controls', 'tab.audit': 'Audit',
    'who.readonly': 'read only', 'who.logout': 'Log out', 'role.operator': 'operator', 'role.viewer': 'viewer',
    'ov.charts': 'Picture of the day', 'ov.24h': '24 hours', 'ov.7d': '7 days',
    'ov.perHour': 'Dossiers received per hour, by state now', 'ov.queueDepth': 'Messages waiting on the queues',
    'ov.success': 'Call success rate per upstream (%)', 'ov.latency': 'Mean response time (ms)',
    'ov.flows': 'Flows', 'ov.queues': 'Queues', 'ov.refresh': 'Refreshed every 5 seconds (charts every 30 seconds).',
    'ov.last': 'Last refresh: {0}', 'ov.noData': 'No data yet',
    'card.dead': 'Dead letters waiting', 'card.invalid': 'Invalid waiting', 'card.review': 'Review waiting',
    'card.upstreams': 'Upstreams paused / open',
    'col.flow': 'flow', 'col.byState': 'dossiers by state', 'col.queue': 'queue / object', 'col.kind': 'kind',
    'col.waiting': 'waiting', 'col.code': 'dossier code', 'col.state': 'state', 'col.module': 'module', 'col.unit': 'unit',
    'col.received': 'received', 'col.updated': 'updated', 'col.lastReason': 'last reason', 'col.time': 'time',
    'col.step': 'step', 'col.outcome': 'outcome', 'col.reason': 'reason', 'col.dossier': 'dossier',
    'col.reasonCause': 'reason / cause', 'col.actions': 'actions', 'col.upstream': 'upstream', 'col.circuit': 'circuit',
    'col.success': 'success (60 min)', 'col.latency': 'mean latency', 'col.schedule': 'schedule', 'col.cron': 'cron',
    'col.lastRun': 'last run', 'col.nextRun': 'next run', 'col.lag': 'lag', 'col.operator': 'operator', 'col.action': 'action',
    'kind.inbound': 'inbound', 'kind.work': 'work', 'kind.invalid': 'invalid', 'kind.review': 'review',
    'kind.dead-letter': 'dead letter', 'kind.anomaly': 'anomaly',
    'list.title': 'Dossiers', 'f.code': 'Dossier code (part)', 'f.flow': 'Flow', 'f.state': 'State', 'f.from': 'Received from',
    'f.to': 'to', 'f.module': 'Module', 'f.unit': 'Unit code', 'f.needs': 'Needs my action', 'f.size': 'Rows per page',
    'f.apply': 'Filter', 'f.clear': 'Clear filters', 'f.all': '(all)',
    'needs.review': 'review', 'needs.invalid': 'invalid', 'needs.dead-letter': 'dead letter', 'needs.anomaly': 'anomaly',
    'find.label': 'Open an exact dossier code', 'find.submit': 'Open',
    'list.summary': '{0} dossiers; page {1} of {2}', 'list.none': 'No dossier matches the filters.', 'list.more': 'more than ', 'list.window': ' (a code fragment is searched in the last {0} days; choose dates to search further back)',
    'page.prev': '‹ Previous', 'page.next': 'Next ›', 'legend.title': 'What do the states mean?',
    'dossier.back': '‹ Back to the list', 'dossier.result': 'Result file', 'dossier.trail': 'Trail',
    'dossier.versions': 'Received versions', 'dossier.masked': '(personal fields masked)',
    'dossier.noVersion': 'No version kept (the dossier never passed validation).', 'dossier.version': 'version {0} received {1}',
    'fact.flow': 'flow', 'fact.module': 'module (in → pushed)', 'fact.unit': 'unit', 'fact.province': 'province',
    'fact.attempts': 'push attempts', 'fact.lastReason': 'last reason', 'fact.received': 'received', 'fact.updated': 'updated',
    'kindpage.invalid': 'Invalid queues', 'kindpage.review': 'Review queues', 'kindpage.dead-letter': 'Dead-letter and anomaly queues',
    'kindhelp.invalid': 'Dossiers refused by validation: fix and replay, or discard with a reason. Each flow has its own queue.',
    'kindhelp.review': 'An address matches several units: choose the right one and replay.',
    'kindhelp.dead-letter': 'Messages that failed after every retry, and anomalies seen while tracking. Pick a queue:',
    'empty': 'empty', 'q.title': 'Queue', 'q.waiting': '{0} waiting', 'q.empty': 'No message waits on this queue.',
    'q.none': '(none)', 'q.message': 'message (personal fields masked)',
    'q.replayTo': 'Replay to {0}', 'q.replay': 'Replay', 'q.discard': 'Discard', 'q.discardReason': 'why discard (required)',
    'q.edit': 'Edit before replay (checked again by the flow)', 'q.replayEdited': 'Replay edited JSON',
    'q.replayed': 'Replayed {0} to {1}', 'q.discarded': 'Discarded {0}', 'q.resolved': 'Unit chosen and {0} replayed',
    'q.choose': 'Choose the right administrative unit', 'q.resolve': 'Choose unit and replay', 'q.input': 'address given: {0}',
    'bulk.title': 'Replay many messages', 'bulk.code': 'Dossier code contains', 'bulk.cause': 'Cause contains', 'bulk.note': 'Note',
    'bulk.submit': 'Replay every matching message', 'bulk.done': 'Replayed {0} messages; {1} could not be replayed',
    'c.upstreams': 'Upstreams', 'c.schedules': 'Schedules', 'c.logs': 'Log levels', 'c.logger': 'logger', 'c.level': 'level',
    'c.apply': 'Apply now',
    'c.upstreamsHelp': 'Pause: messages wait in their queues, nothing fails; resume: they are sent. Reset: close the circuit after an incident.',
    'c.pause': 'Pause', 'c.resume': 'Resume', 'c.reset': 'Reset circuit', 'c.runNow': 'Run now', 'c.paused': 'paused',
    'c.done.pause': 'Paused {0}', 'c.done.resume': 'Resumed {0}', 'c.done.reset': 'Circuit of {0} reset',
    'c.done.run': 'Ran schedule {0} now', 'c.done.log': 'Log level of {0}: {1} (was {2})', 'c.noCalls': 'no calls', 'c.off': 'off',
    'circuit.CLOSED': 'closed — working normally', 'circuit.OPEN': 'open — calls stopped after failures',
    'circuit.HALF_OPEN': 'half open — trying again', 'circuit.FORCED_OPEN': 'paused by an operator',
    'audit.title': 'Operator actions',
    'err.401': 'Not logged in, or the session has ended.', 'err.403': 'Refused: only operators may do this (your account is read only).',
    'err.404': 'Not found.', 'err.409': 'Cannot be done.', 'err.400': 'What was sent is not right.',
    'err.429': 'Too many failed logins: try again in 5 minutes.', 'err.other': 'Error {0}.',
    'err.wrongLogin': 'Wrong user or password.', 'err.reasonRequired': 'A reason to discard is required.',
    'err.noDossier': 'No dossier {0} in the ledger.',
  },
};

// Ledger states in plain words (label, explanation)
const STATES = {
  vi: {
    RECEIVED: ['Đã nhận', 'Cổng đã nhận hồ sơ và đang kiểm tra.'],
    REJECTED: ['Bị từ chối', 'Hồ sơ sai hoặc thiếu thông tin; công dân đã được báo lý do.'],
    NEEDS_REVIEW: ['Cần xem xét', 'Địa chỉ khớp nhiều đơn vị: người vận hành phải chọn đơn vị đúng.'],
    AWAITING_ACCEPTANCE: ['Chờ tiếp nhận', 'Hồ sơ hợp lệ, chờ cán bộ một cửa tiếp nhận.'],
    ACCEPTED: ['Đã tiếp nhận', 'Hồ sơ hợp lệ, đang chờ gửi sang hệ thống nghiệp vụ.'],
    SENT: ['Đã gửi', 'Hệ thống nghiệp vụ đã nhận hồ sơ.'],
    FAILED: ['Thất bại', 'Gửi không thành công sau nhiều lần thử; cần người vận hành.'],
    PROCESSING: ['Đang xử lý', 'Cơ quan chuyên môn đang giải quyết hồ sơ.'],
    SUPPLEMENT_REQUESTED: ['Yêu cầu bổ sung', 'Cơ quan yêu cầu công dân bổ sung giấy tờ.'],
    REFUSED: ['Từ chối giải quyết', 'Cơ quan chuyên môn từ chối hồ sơ.'],
    REGISTERED: ['Đã đăng ký', 'Đã có kết quả đăng ký, chờ trả cho công dân.'],
    RESULT_DELIVERED: ['Đã trả kết quả', 'Kết quả đã được trả về cổng dịch vụ công.'],
    NOT_APPLICABLE: ['Không áp dụng', 'Thủ tục không thuộc hệ thống đích: đã trả lời, không gửi.'],
  },
  en: {
    RECEIVED: ['Received', 'The gateway has the dossier and is checking it.'],
    REJECTED: ['Rejected', 'Wrong or missing data; the citizen was told why.'],
    NEEDS_REVIEW: ['Needs review', 'The address matches several units: an operator must choose.'],
    AWAITING_ACCEPTANCE: ['Awaiting acceptance', 'Valid, waiting for the one-stop-shop officer.'],
    ACCEPTED: ['Accepted', 'Valid, waiting to be sent to the business system.'],
    SENT: ['Sent', 'The business system has the dossier.'],
    FAILED: ['Failed', 'Could not be sent after every retry; an operator is needed.'],
    PROCESSING: ['Processing', 'The authority is handling the dossier.'],
    SUPPLEMENT_REQUESTED: ['Supplement requested', 'The authority asked the citizen for more documents.'],
    REFUSED: ['Refused', 'The authority refused the dossier.'],
    REGISTERED: ['Registered', 'The registration result exists, to be returned to the citizen.'],
    RESULT_DELIVERED: ['Result delivered', 'The result went back to the public service portal.'],
    NOT_APPLICABLE: ['Not applicable', 'Not a procedure of the target system: answered, not sent.'],
  },
};
const STATE_COLORS = { RECEIVED: '#7f8c8d', REJECTED: '#c0392b', NEEDS_REVIEW: '#e67e22', AWAITING_ACCEPTANCE: '#f1c40f',
  ACCEPTED: '#3498db', SENT: '#2980b9', FAILED: '#8e44ad', PROCESSING: '#16a085', SUPPLEMENT_REQUESTED: '#d35400',
  REFUSED: '#7b241c', REGISTERED: '#27ae60', RESULT_DELIVERED: '#1e8449', NOT_APPLICABLE: '#95a5a6' };
const PALETTE = ['#2f6aa3', '#c0392b', '#27ae60', '#e67e22', '#8e44ad', '#16a085', '#7f8c8d', '#d35400', '#2c3e50', '#f1c40f'];

function t(key, ...args) {
  const s = (TEXT[lang][key] !== undefined ? TEXT[lang][key] : TEXT.vi[key]) || key;
  return s.replace(/\{(\d)\}/g, (m, i) => (args[i] === undefined || args[i] === null ? '' : String(args[i])));
}
function stateLabel(s) { return (STATES[lang][s] || [s])[0]; }
function stateHelp(s) { return (STATES[lang][s] || [s, ''])[1]; }

function $(sel, root) { return (root || document).querySelector(sel); }
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}

const TIME_FORMAT = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
/** dd/MM/yyyy HH:mm:ss in Vietnam time, whatever the browser's zone and language. */
function time(iso) {
  if (!iso) return '';
  const p = {};
  for (const part of TIME_FORMAT.formatToParts(new Date(iso))) p[part.type] = part.value;
  return p.day + '/' + p.month + '/' + p.year + ' ' + p.hour + ':' + p.minute + ':' + p.second;
}
function shortTime(sec) { return time(sec * 1000).slice(0, 16); }

function applyLanguage() {
  document.documentElement.lang = lang;
  document.querySelectorAll('[data-i18n]').forEach(e => { e.textContent = t(e.dataset.i18n); });
  document.querySelectorAll('.lang-switch').forEach(b => { b.textContent = t('lang.other'); b.setAttribute('lang', lang === 'vi' ? 'en' : 'vi'); });
  $('#env-banner').textContent = t('banner.' + ENV) === 'banner.' + ENV ? ENV.toUpperCase() : t('banner.' + ENV);
  document.title = '[' + ENV.toUpperCase() + '] ' + t('doc.title');
  $('#search-code').placeholder = lang === 'vi' ? 'ví dụ G22.99.08-260713-0001' : 'e.g. G22.99.08-260713-0001';
  const legend = $('#state-legend');
  legend.replaceChildren(...Object.keys(STATES.vi).flatMap(s => [el('dt', {}, stateBadge(s)), el('dd', { text: stateHelp(s) })]));
  const sel = $('#f-state');
  const current = sel.value;
  sel.replaceChildren(el('option', { value: '', text: t('f.all') }), ...Object.keys(STATES.vi).map(s => el('option', { value: s, text: stateLabel(s) + ' (' + s + ')' })));
  sel.value = current;
  if (me) $('#whoami').textContent = me.user + ' (' + t('role.' + me.role) + ')';
}

function switchLanguage() {
  lang = lang === 'vi' ? 'en' : 'vi';
  localStorage.setItem(LANG_KEY, lang);
  applyLanguage();
  if (!$('#app').hidden) route();
}

/** A refusal or error in the reader's language, with the gateway's own reason (it names the field) after it. */
function problem(r) {
  const key = 'err.' + r.status;
  const head = TEXT.vi[key] ? t(key) : t('err.other', r.status);
  return r.status + ' – ' + head + (r.data && r.data.error ? ' (' + r.data.error + ')' : '');
}

async function api(method, path, body) {
  const headers = { 'Accept': 'application/json' };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers['Authorization'] = 'Bearer ' + token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  let data = {};
  try { data = await r.json(); } catch (e) { data = { error: 'HTTP ' + r.status }; }
  if (r.status === 401 && path !== '/api/ops/login') {
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin(t('login.ended'));
  }
  return { status: r.status, data };
}

function showLogin(message) {
  clearInterval(overviewTimer);
  clearInterval(chartTimer);
  $('#app').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message || '';
  $('#login-user').focus();
}

async function start() {
  applyLanguage();
  document.querySelectorAll('.lang-switch').forEach(b => b.addEventListener('click', switchLanguage));
  $('#login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await api('POST', '/api/ops/login', { user: $('#login-user').value, password: $('#login-password').value });
    $('#login-password').value = '';
    if (r.status !== 200) {
      $('#login-error').textContent = r.status === 401 ? t('err.wrongLogin') + ' (' + (r.data.error || '') + ')' : problem(r);
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, r.data.token);
    enter();
  });
  $('#logout').addEventListener('click', async () => {
    await api('POST', '/api/ops/logout');
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    showLogin(t('login.out'));
  });
  $('#search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = '#dossier/' + encodeURIComponent($('#search-code').value.trim());
  });
  $('#filter-form').addEventListener('submit', (ev) => { ev.preventDefault(); listState.page = 0; loadList(); });
  $('#filter-clear').addEventListener('click', () => {
    $('#filter-form').querySelectorAll('input').forEach(i => { i.value = ''; });
    $('#filter-form').querySelectorAll('select:not(#f-size)').forEach(s => { s.value = ''; });
    listState.page = 0;
    loadList();
  });
  document.querySelectorAll('button.sort').forEach(b => b.addEventListener('click', () => {
    listState.dir = listState.sort === b.dataset.sort && listState.dir === 'desc' ? 'asc' : 'desc';
    listState.sort = b.dataset.sort;
    listState.page = 0;
    loadList();
  }));
  $('#page-prev').addEventListener('click', () => { if (listState.page > 0) { listState.page--; loadList(); } });
  $('#page-next').addEventListener('click', () => { listState.page++; loadList(); });
  document.querySelectorAll('button.range').forEach(b => b.addEventListener('click', () => { chartRange = b.dataset.range; loadCharts(); }));
  $('#bulk-form').addEventListener('submit', (ev) => { ev.preventDefault(); replayMany(); });
  $('#log-form').addEventListener('submit', (ev) => { ev.preventDefault(); setLogLevel(); });
  window.addEventListener('hashchange', route);
  if (sessionStorage.getItem(TOKEN_KEY)) enter(); else showLogin();
}

async function enter() {
  const r = await api('GET', '/api/ops/me');
  if (r.status !== 200) return;
  me = r.data;
  $('#whoami').textContent = me.user + ' (' + t('role.' + me.role) + ')';
  $('#readonly-badge').hidden = me.role === 'operator';
  document.body.classList.toggle('read-only', me.role !== 'operator');
  $('#login').hidden = true;
  $('#app').hidden = false;
  route();
}

function show(view, tab) {
  clearInterval(overviewTimer);
  clearInterval(chartTimer);
  document.querySelectorAll('.view').forEach(v => { v.hidden = v.id !== 'view-' + view; });
  document.querySelectorAll('.topbar nav a').forEach(a => {
    a.classList.toggle('active', a.id === tab);
    if (a.id === tab) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
}

function route() {
  if ($('#app').hidden) return;
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('dossier/')) {
    show('dossier', 'tab-dossier');
    const code = hash.slice('dossier/'.length);
    $('#search-code').value = code;
    loadDossier(code);
  } else if (hash.startsWith('dossiers') || hash === 'dossier') {
    show('dossiers', 'tab-dossier');
    loadList();
  } else if (hash.startsWith('queue/')) {
    const q = hash.slice('queue/'.length);
    show('queue', q.endsWith('.invalid') ? 'tab-invalid' : q.endsWith('.review') ? 'tab-review' : 'tab-dlq');
    loadQueue(q);
  } else if (hash.startsWith('kind/') || hash === 'dead-letters') {
    const kind = hash === 'dead-letters' ? 'dead-letter' : hash.slice('kind/'.length);
    show('kind', kind === 'invalid' ? 'tab-invalid' : kind === 'review' ? 'tab-review' : 'tab-dlq');
    loadKind(kind);
  } else if (hash === 'controls') {
    show('controls', 'tab-controls');
    loadControls();
  } else if (hash === 'audit') {
    show('audit', 'tab-audit');
    loadAudit();
  } else {
    show('overview', 'tab-overview');
    loadOverview();
    loadCharts();
    overviewTimer = setInterval(loadOverview, 5000);
    chartTimer = setInterval(loadCharts, 30000);
  }
}

function stateBadge(s) {
  return el('span', { class: 'state state-' + s, title: stateHelp(s), 'data-state': s, text: stateLabel(s) });
}

// ---- overview ----

let lastOverview = null;
async function loadOverview() {
  const r = await api('GET', '/api/ops/overview');
  if (r.status !== 200) return;
  lastOverview = r.data;
  fillFlowFilter(r.data.flows.map(f => f.flow));
  $('#flows tbody').replaceChildren(...r.data.flows.map(f => el('tr', {},
    el('td', { text: f.flow }),
    el('td', { class: 'counts' }, ...Object.entries(f.counts).flatMap(([s, n]) => [
      el('a', { href: '#dossiers', class: 'count', 'data-flow': f.flow, 'data-state': s, title: stateHelp(s),
        text: stateLabel(s) + ': ' + n }), ' '])))));
  document.querySelectorAll('#flows a.count').forEach(a => a.addEventListener('click', () => {
    $('#f-flow').value = a.dataset.flow;
    $('#f-state').value = a.dataset.state;
    listState.page = 0;
  }));
  $('#queues tbody').replaceChildren(...r.data.queues.map(q => {
    const name = q.browsable ? el('a', { href: '#queue/' + q.name, 'data-queue': q.name, text: q.name }) : el('span', { text: q.name });
    const alert = q.depth > 0 && ['dead-letter', 'invalid', 'review', 'anomaly'].includes(q.kind);
    return el('tr', { class: alert ? 'alert' : '', 'data-queue': q.name },
      el('td', {}, name), el('td', { text: t('kind.' + q.kind) }), el('td', { class: 'num depth', text: q.depth < 0 ? '?' : q.depth }));
  }));
  const sum = kind => r.data.queues.filter(q => q.kind === kind).reduce((n, q) => n + Math.max(0, q.depth), 0);
  $('#cards').replaceChildren(
    card('card-dead', t('card.dead'), sum('dead-letter') + sum('anomaly'), '#kind/dead-letter'),
    card('card-invalid', t('card.invalid'), sum('invalid'), '#kind/invalid'),
    card('card-review', t('card.review'), sum('review'), '#kind/review'));
  $('#overview-time').textContent = t('ov.last', time(new Date().toISOString()));
}

function card(id, label, value, href) {
  return el('a', { class: 'card-figure' + (value > 0 ? ' alert' : ''), id, href }, el('strong', { text: value }), el('span', { text: label }));
}

function fillFlowFilter(flows) {
  const sel = $('#f-flow');
  const have = [...sel.options].map(o => o.value);
  flows.filter(f => !have.includes(f)).forEach(f => sel.append(el('option', { value: f, text: f })));
}

async function loadCharts() {
  document.querySelectorAll('button.range').forEach(b => b.setAttribute('aria-pressed', String(b.dataset.range === chartRange)));
  const r = await api('GET', '/api/ops/charts?range=' + chartRange);
  if (r.status !== 200 || typeof uPlot === 'undefined') return;
  const hours = chartRange === '7d' ? 168 : 24;
  const since = Date.parse(r.data.since) / 1000;
  const xs = Array.from({ length: hours }, (_, i) => since + i * 3600);
  const states = [...new Set(r.data.perHour.map(h => h.state))].sort();
  const raw = states.map(s => xs.map(x => {
    const h = r.data.perHour.find(p => p.state === s && Date.parse(p.hour) / 1000 === x);
    return h ? h.count : 0;
  }));
  // stacked bars: series k shows the sum of states 0..k, drawn from the largest down so each band shows its own part
  const cumulative = raw.map((_, k) => xs.map((_, i) => raw.slice(0, k + 1).reduce((n, row) => n + row[i], 0)));
  const order = states.map((_, k) => states.length - 1 - k);
  draw('hours', [xs, ...order.map(k => cumulative[k])], order.map(k => ({
    label: stateLabel(states[k]), fill: STATE_COLORS[states[k]] || '#999', stroke: STATE_COLORS[states[k]] || '#999',
    paths: uPlot.paths.bars({ size: [0.8, 40] }), points: { show: false },
    value: (u, v, si, i) => (i == null ? '' : raw[k][i]) })));
  const names = r.data.queues.length ? Object.keys(r.data.queues[r.data.queues.length - 1].depths)
    .filter(n => r.data.queues.some(s => (s.depths[n] || 0) > 0) || n === 'civil.dossier.inbound') : [];
  draw('queues', [r.data.queues.map(s => Date.parse(s.at) / 1000), ...names.map(n => r.data.queues.map(s => s.depths[n] ?? null))],
    names.map((n, i) => ({ label: n, stroke: n.startsWith('DLQ') ? '#c0392b' : PALETTE[i % PALETTE.length], width: 2 })));
  const ups = r.data.upstreams.filter(u => u.calls.length);
  const minutes = [...new Set(ups.flatMap(u => u.calls.map(c => Date.parse(c.minute) / 1000)))].sort((a, b) => a - b);
  const at = (u, m, f) => { const c = u.calls.find(c => Date.parse(c.minute) / 1000 === m); return c ? f(c) : null; };
  draw('success', [minutes, ...ups.map(u => minutes.map(m => at(u, m, c => Math.round(100 * c.ok / (c.ok + c.failed)))))],
    ups.map((u, i) => ({ label: u.name, stroke: PALETTE[i % PALETTE.length], width: 2 })));
  draw('latency', [minutes, ...ups.map(u => minutes.map(m => at(u, m, c => c.timedCalls ? Math.round(c.totalMillis / c.timedCalls) : null)))],
    ups.map((u, i) => ({ label: u.name, stroke: PALETTE[i % PALETTE.length], width: 2 })));
}

function draw(name, data, series) {
  const box = $('#chart-' + name);
  if (charts[name]) { charts[name].destroy(); delete charts[name]; }
  box.replaceChildren();
  if (!series.length || !data[0].length) { box.append(el('p', { class: 'hint no-data', text: t('ov.noData') })); return; }
  const width = Math.max(320, box.clientWidth || 560);
  charts[name] = new uPlot({ width, height: 200, series: [{ label: t('col.time'), value: (u, v) => (v == null ? '' : shortTime(v)) }, ...series],
    axes: [{ values: (u, vals) => vals.map(v => shortTime(v).slice(chartRange === '7d' ? 0 : 11)) }, {}],
    scales: { x: { time: true } }, legend: { live: true } }, data, box);
  box.dataset.series = String(series.length);
}

// ---- dossier list ----

function filterQuery() {
  const p = new URLSearchParams();
  for (const id of ['code', 'flow', 'state', 'from', 'to', 'module', 'unit', 'needs', 'size']) {
    const v = $('#f-' + id).value.trim();
    if (v) p.set(id, v);
  }
  p.set('sort', listState.sort);
  p.set('dir', listState.dir);
  p.set('page', String(listState.page));
  return p.toString();
}

async function loadList() {
  if (!lastOverview) { const o = await api('GET', '/api/ops/overview'); if (o.status === 200) { lastOverview = o.data; fillFlowFilter(o.data.flows.map(f => f.flow)); } }
  $('#list-error').textContent = '';
  const r = await api('GET', '/api/ops/dossiers?' + filterQuery());
  const body = $('#dossier-list tbody');
  if (r.status !== 200) { body.replaceChildren(); $('#list-error').textContent = problem(r); return; }
  listState.total = r.data.total;
  const pages = Math.max(1, Math.ceil(r.data.total / r.data.size));
  $('#list-summary').textContent = r.data.total ? t('list.summary', (r.data.more ? t('list.more') : '') + r.data.total.toLocaleString('vi-VN'), r.data.page + 1, (r.data.more ? t('list.more') : '') + pages) : t('list.none');
  if (r.data.codeWindowDays) $('#list-summary').textContent += t('list.window', r.data.codeWindowDays);
  $('#page-next').dataset.more = String(r.data.more);
  $('#page-info').textContent = (r.data.page + 1) + ' / ' + pages;
  $('#page-prev').disabled = r.data.page === 0;
  $('#page-next').disabled = !r.data.more && r.data.page + 1 >= pages;
  document.querySelectorAll('button.sort').forEach(b => {
    const th = b.closest('th');
    const on = b.dataset.sort === listState.sort;
    th.setAttribute('aria-sort', on ? (listState.dir === 'asc' ? 'ascending' : 'descending') : 'none');
    b.dataset.arrow = on ? (listState.dir === 'asc' ? '▲' : '▼') : '';
  });
  body.replaceChildren(...r.data.rows.map(d => el('tr', { class: 'dossier-row', 'data-ma-ho-so': d.maHoSo },
    el('td', { class: 'code' }, el('a', { href: '#dossier/' + d.maHoSo, text: d.maHoSo })),
    el('td', { text: d.flow }), el('td', {}, stateBadge(d.state)),
    el('td', { text: [d.moduleIn, d.modulePushed].filter(Boolean).join(' → ') }), el('td', { text: d.maDonVi || '' }),
    el('td', { class: 'time', text: time(d.createdAt) }), el('td', { class: 'time', text: time(d.updatedAt) }),
    el('td', { class: 'reason', text: d.lastReason || '' }))));
}

async function loadDossier(code) {
  $('#search-error').textContent = '';
  $('#dossier-result').hidden = true;
  const r = await api('GET', '/api/ops/dossiers/' + encodeURIComponent(code));
  if (r.status !== 200) {
    $('#search-error').textContent = r.status === 404 ? t('err.noDossier', code) + ' (' + (r.data.error || '') + ')' : problem(r);
    return;
  }
  const d = r.data.dossier;
  $('#dossier-code').textContent = d.maHoSo;
  $('#dossier-state').replaceChildren(stateBadge(d.state));
  $('#dossier-state').dataset.state = d.state;
  $('#dossier-state-help').textContent = stateHelp(d.state);
  const facts = [['fact.flow', d.flow], ['fact.module', (d.moduleIn || '?') + ' → ' + (d.modulePushed || '?')], ['fact.unit', d.maDonVi],
    ['fact.province', d.maTinh], ['fact.attempts', d.attempts], ['fact.lastReason', d.lastReason], ['fact.received', time(d.createdAt)],
    ['fact.updated', time(d.updatedAt)]];
  $('#dossier-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: t(k) }), el('dd', { text: v == null ? '' : v })]));
  $('#result-link-row').hidden = !r.data.resultUrl;
  if (r.data.resultUrl) $('#result-link').setAttribute('href', r.data.resultUrl);
  $('#trail tbody').replaceChildren(...d.trail.map(e => el('tr', { class: 'event', 'data-outcome': e.outcome },
    el('td', { class: 'time', text: time(e.at) }), el('td', { text: e.step }),
    el('td', { class: 'outcome', text: e.outcome, title: STATES[lang][e.outcome] ? stateHelp(e.outcome) : '' }),
    el('td', { text: e.reason || '' }))));
  $('#payloads').replaceChildren(...r.data.payloads.map((p, i) => el('details', { class: 'payload', ...(i === r.data.payloads.length - 1 ? { open: '' } : {}) },
    el('summary', {}, t('dossier.version', p.contentVersion.slice(0, 12), time(p.receivedAt))),
    el('pre', { text: pretty(p.payload) }))));
  if (!r.data.payloads.length) $('#payloads').append(el('p', { class: 'hint', text: t('dossier.noVersion') }));
  $('#dossier-result').hidden = false;
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
}

// ---- queues ----

async function loadKind(kind) {
  $('#kind-title').textContent = t('kindpage.' + kind);
  $('#kind-help').textContent = t('kindhelp.' + kind);
  const r = await api('GET', '/api/ops/overview');
  if (r.status !== 200) return;
  const kinds = kind === 'dead-letter' ? ['dead-letter', 'anomaly'] : [kind];
  const list = r.data.queues.filter(q => kinds.includes(q.kind) && q.browsable);
  $('#kind-list').replaceChildren(...list.map(q => el('li', {},
    el('a', { href: '#queue/' + q.name, 'data-queue': q.name, text: q.name }), ' ',
    q.depth > 0 ? el('span', { class: 'badge', text: q.depth }) : el('span', { class: 'hint', text: t('empty') }))));
}

function setStatus(ok, text, where) {
  const s = $(where || '#queue-status');
  s.className = 'status ' + (ok ? 'ok' : 'error');
  s.textContent = text;
}

let currentQueue = null;
async function loadQueue(queue) {
  currentQueue = queue;
  $('#queue-name').textContent = queue;
  const r = await api('GET', '/api/ops/queues/' + encodeURIComponent(queue) + '/messages');
  const body = $('#messages tbody');
  if (r.status !== 200) { body.replaceChildren(); setStatus(false, problem(r)); return; }
  $('#queue-depth').textContent = r.data.depth >= 0 ? t('q.waiting', r.data.depth) : '';
  $('#queue-empty').hidden = r.data.messages.length > 0;
  $('#bulk-form').hidden = !r.data.messages.some(m => m.replayTo);
  body.replaceChildren(...r.data.messages.map(m => messageRow(queue, m)));
}

function messageRow(queue, m) {
  const editor = el('textarea', { class: 'replay-body', spellcheck: 'false', 'aria-label': t('q.edit') });
  editor.value = pretty(m.replayBody || '');
  const reason = el('input', { class: 'discard-reason', placeholder: t('q.discardReason'), 'aria-label': t('q.discardReason') });
  const replay = el('button', { type: 'button', class: 'replay', text: m.replayTo ? t('q.replayTo', m.replayTo) : t('q.replay') });
  const discard = el('button', { type: 'button', class: 'discard danger', text: t('q.discard') });
  replay.addEventListener('click', () => act(queue, m, 'replay', {}));
  discard.addEventListener('click', () => act(queue, m, 'discard', { reason: reason.value }));
  const actions = el('td', { class: 'actions' });
  if (queue.endsWith('.review')) actions.append(...choiceForm(queue, m));
  if (m.replayTo) actions.append(replay, ' ');
  actions.append(reason, discard);
  if (m.editable) {
    const replayEdited = el('button', { type: 'button', class: 'replay-edited secondary', text: t('q.replayEdited') });
    replayEdited.addEventListener('click', () => act(queue, m, 'replay', { payload: editor.value }));
    actions.append(el('details', { class: 'edit' }, el('summary', {}, t('q.edit')), editor, replayEdited));
  }
  return el('tr', { class: 'message', 'data-id': m.id, 'data-ma-ho-so': m.maHoSo || '' },
    el('td', { class: 'time', text: time(m.time) }),
    el('td', { class: 'code' }, m.maHoSo ? el('a', { href: '#dossier/' + m.maHoSo, text: m.maHoSo }) : el('span', { class: 'hint', text: t('q.none') })),
    el('td', {}, el('div', { class: 'reason', text: m.reason || '' }), el('div', { class: 'cause error', text: m.cause || '' }),
      el('details', {}, el('summary', {}, t('q.message')), el('pre', { text: pretty(m.body || '') }))),
    actions);
}

/** A review case: one group of radio buttons per ambiguous address, the candidates the gateway offered. */
function choiceForm(queue, m) {
  let entry = null;
  try { entry = JSON.parse(m.body); } catch (e) { return []; }
  if (!entry || !Array.isArray(entry.ambiguities)) return [];
  const form = el('form', { class: 'choose' });
  entry.ambiguities.forEach((a, ai) => {
    const set = el('fieldset', { 'data-field': a.field }, el('legend', { text: t('q.choose') + ': ' + a.field }));
    (a.candidates || []).forEach((c, ci) => {
      const id = 'c-' + m.id.replace(/[^A-Za-z0-9]/g, '') + '-' + ai + '-' + ci;
      const radio = el('input', { type: 'radio', name: 'f' + ai, value: c.maXa, id, required: '' });
      set.append(el('div', {}, radio, ' ', el('label', { for: id, text: c.label })));
    });
    form.append(set);
  });
  form.append(el('button', { type: 'submit', class: 'resolve', text: t('q.resolve') }));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const choices = {};
    entry.ambiguities.forEach((a, ai) => {
      const picked = form.querySelector('input[name="f' + ai + '"]:checked');
      if (picked) choices[a.field] = picked.value;
    });
    act(queue, m, 'resolve', { choices });
  });
  return [form];
}

async function act(queue, m, action, body) {
  const path = '/api/ops/queues/' + encodeURIComponent(queue) + '/messages/' + encodeURIComponent(m.id) + '/' + action;
  const r = await api('POST', path, body);
  if (r.status === 200) {
    setStatus(true, action === 'replay' ? t('q.replayed', m.maHoSo || m.id, r.data.replayedTo)
      : action === 'resolve' ? t('q.resolved', m.maHoSo || m.id) : t('q.discarded', m.maHoSo || m.id));
    loadQueue(queue);
  } else if (r.status === 400 && action === 'discard') {
    setStatus(false, t('err.reasonRequired') + ' (' + (r.data.error || '') + ')');
  } else {
    setStatus(false, problem(r));
  }
}

async function replayMany() {
  const body = { code: $('#bulk-code').value.trim(), cause: $('#bulk-cause').value.trim(), note: $('#bulk-note').value.trim() };
  const r = await api('POST', '/api/ops/queues/' + encodeURIComponent(currentQueue) + '/replay', body);
  if (r.status === 200) { setStatus(true, t('bulk.done', r.data.replayed, r.data.failed)); loadQueue(currentQueue); } else setStatus(false, problem(r));
}

// ---- controls ----

async function loadControls() {
  const [u, s, l] = await Promise.all([api('GET', '/api/ops/upstreams'), api('GET', '/api/ops/schedules'), api('GET', '/api/ops/log-levels')]);
  if (u.status === 200) {
    $('#upstreams tbody').replaceChildren(...u.data.upstreams.map(up => {
      const buttons = el('td', { class: 'actions' });
      const control = (action) => {
        const b = el('button', { type: 'button', class: action + (action === 'pause' ? ' danger' : ' secondary'), 'data-action': action, text: t('c.' + action) });
        b.addEventListener('click', () => control2(up.name, action));
        return b;
      };
      buttons.append(up.paused ? control('resume') : control('pause'), ' ', control('reset'));
      return el('tr', { 'data-upstream': up.name, class: up.state === 'CLOSED' ? '' : 'alert' },
        el('td', { text: up.name }), el('td', { class: 'circuit', 'data-state': up.state, text: t('circuit.' + up.state) }),
        el('td', { class: 'num', text: up.successRate == null ? t('c.noCalls') : Math.round(up.successRate * 100) + ' % (' + up.ok + '/' + (up.ok + up.failed) + ')' }),
        el('td', { class: 'num', text: up.meanLatencyMs == null ? '' : up.meanLatencyMs + ' ms' }), buttons);
    }));
  }
  if (s.status === 200) {
    $('#schedules tbody').replaceChildren(...s.data.schedules.map(sc => {
      const run = el('button', { type: 'button', class: 'run-now secondary', text: t('c.runNow') });
      run.addEventListener('click', async () => {
        const r = await api('POST', '/api/ops/schedules/' + encodeURIComponent(sc.routeId) + '/run', {});
        setStatus(r.status === 200, r.status === 200 ? t('c.done.run', sc.routeId) : problem(r), '#controls-status');
        if (r.status === 200) setTimeout(loadControls, 1500);
      });
      return el('tr', { 'data-schedule': sc.routeId, class: sc.lagSeconds > 60 ? 'alert' : '' },
        el('td', { text: sc.routeId + (sc.status === 'Started' ? '' : ' (' + t('c.off') + ')') }), el('td', {}, el('code', { text: sc.cron || '' })),
        el('td', { class: 'time last-run', text: time(sc.previousRun) }), el('td', { class: 'time', text: time(sc.nextRun) }),
        el('td', { class: 'num', text: sc.lagSeconds ? sc.lagSeconds + ' s' : '0' }), el('td', {}, run));
    }));
  }
  if (l.status === 200) {
    $('#log-levels tbody').replaceChildren(...Object.entries(l.data.levels).map(([n, v]) => el('tr', { 'data-logger': n }, el('td', { text: n }), el('td', { class: 'level', text: v }))));
    $('#logger-names').replaceChildren(...Object.keys(l.data.levels).map(n => el('option', { value: n })));
  }
}

async function control2(name, action) {
  const r = await api('POST', '/api/ops/upstreams/' + encodeURIComponent(name) + '/' + action, {});
  setStatus(r.status === 200, r.status === 200 ? t('c.done.' + action, name) : problem(r), '#controls-status');
  loadControls();
}

async function setLogLevel() {
  const r = await api('POST', '/api/ops/log-level', { logger: $('#log-logger').value.trim(), level: $('#log-level').value });
  setStatus(r.status === 200, r.status === 200 ? t('c.done.log', r.data.logger, r.data.level, r.data.before) : problem(r), '#controls-status');
  loadControls();
}

async function loadAudit() {
  const r = await api('GET', '/api/ops/audit');
  if (r.status !== 200) return;
  $('#audit tbody').replaceChildren(...r.data.entries.map(a => el('tr', {},
    el('td', { class: 'time', text: time(a.at) }), el('td', { text: a.operator }), el('td', { text: a.action }), el('td', { text: a.queue }),
    el('td', { text: a.maHoSo || '' }), el('td', { text: a.reason || '' }))));
}

start();
