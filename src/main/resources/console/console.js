// Operator console: vanilla JS over /api/ops. Data is put in the page with textContent only (never as HTML),
// so a payload cannot inject markup. The session token lives in sessionStorage (gone when the tab closes).
'use strict';

const ENV = document.body.dataset.env || 'unknown';
const BANNERS = {
  sandbox: 'SANDBOX — simulated upstreams, test data only',
  test: 'TEST ENVIRONMENT — connected to test upstreams',
  production: 'PRODUCTION — real citizens\u2019 dossiers: every action is recorded',
};
const TOKEN_KEY = 'gatewayConsoleToken';
let overviewTimer = null;

function $(sel, root) { return (root || document).querySelector(sel); }
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
}
function time(iso) { return iso ? new Date(iso).toLocaleString() : ''; }

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
    showLogin('Your session has ended: log in again.');
  }
  return { status: r.status, data };
}

function showLogin(message) {
  clearInterval(overviewTimer);
  $('#app').hidden = true;
  $('#login').hidden = false;
  $('#login-error').textContent = message || '';
}

async function start() {
  $('#env-banner').textContent = BANNERS[ENV] || ENV.toUpperCase();
  document.title = '[' + ENV.toUpperCase() + '] ' + document.title;
  $('#login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const r = await api('POST', '/api/ops/login', { user: $('#login-user').value, password: $('#login-password').value });
    $('#login-password').value = '';
    if (r.status !== 200) { $('#login-error').textContent = r.data.error || ('HTTP ' + r.status); return; }
    sessionStorage.setItem(TOKEN_KEY, r.data.token);
    enter();
  });
  $('#logout').addEventListener('click', async () => {
    await api('POST', '/api/ops/logout');
    sessionStorage.removeItem(TOKEN_KEY);
    showLogin('Logged out.');
  });
  $('#search-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = '#dossier/' + encodeURIComponent($('#search-code').value.trim());
  });
  window.addEventListener('hashchange', route);
  if (sessionStorage.getItem(TOKEN_KEY)) enter(); else showLogin();
}

async function enter() {
  const me = await api('GET', '/api/ops/me');
  if (me.status !== 200) return;
  $('#whoami').textContent = me.data.user + ' (' + me.data.role + ')';
  $('#login').hidden = true;
  $('#app').hidden = false;
  route();
}

function show(view, tab) {
  clearInterval(overviewTimer);
  document.querySelectorAll('.view').forEach(v => { v.hidden = v.id !== 'view-' + view; });
  document.querySelectorAll('.topbar nav a').forEach(a => a.classList.toggle('active', a.id === tab));
}

function route() {
  if ($('#app').hidden) return;
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('dossier')) {
    show('dossier', 'tab-dossier');
    const code = hash.slice('dossier/'.length);
    if (hash.startsWith('dossier/') && code) { $('#search-code').value = code; loadDossier(code); }
  } else if (hash.startsWith('queue/')) {
    const q = hash.slice('queue/'.length);
    show('queue', q.endsWith('.invalid') ? 'tab-invalid' : q.endsWith('.review') ? 'tab-review' : 'tab-dlq');
    loadQueue(q);
  } else if (hash === 'dead-letters') {
    show('dead-letters', 'tab-dlq');
    loadDeadLetters();
  } else if (hash === 'audit') {
    show('audit', 'tab-audit');
    loadAudit();
  } else {
    show('overview', 'tab-overview');
    loadOverview();
    overviewTimer = setInterval(loadOverview, 5000);
  }
}

async function loadOverview() {
  const r = await api('GET', '/api/ops/overview');
  if (r.status !== 200) return;
  const flows = $('#flows tbody');
  flows.replaceChildren(...r.data.flows.map(f => el('tr', {},
    el('td', { text: f.flow }),
    el('td', { class: 'counts' }, Object.entries(f.counts).map(([s, n]) => s + ': ' + n).join('   ')))));
  const queues = $('#queues tbody');
  queues.replaceChildren(...r.data.queues.map(q => {
    const name = q.browsable ? el('a', { href: '#queue/' + q.name, 'data-queue': q.name, text: q.name }) : el('span', { text: q.name });
    const alert = q.depth > 0 && (q.kind === 'dead-letter' || q.kind === 'invalid' || q.kind === 'review');
    return el('tr', { class: alert ? 'alert' : '', 'data-queue': q.name },
      el('td', {}, name), el('td', { text: q.kind }), el('td', { class: 'num depth', text: q.depth < 0 ? '?' : q.depth }));
  }));
  $('#overview-time').textContent = 'Last refresh: ' + new Date().toLocaleTimeString();
}

async function loadDeadLetters() {
  const r = await api('GET', '/api/ops/overview');
  if (r.status !== 200) return;
  const dlqs = r.data.queues.filter(q => q.kind === 'dead-letter' && q.browsable);
  $('#dlq-list').replaceChildren(...dlqs.map(q => el('li', {},
    el('a', { href: '#queue/' + q.name, 'data-queue': q.name, text: q.name }), ' ',
    q.depth > 0 ? el('span', { class: 'badge', text: q.depth }) : el('span', { class: 'hint', text: 'empty' }))));
}

async function loadDossier(code) {
  $('#search-error').textContent = '';
  $('#dossier-result').hidden = true;
  const r = await api('GET', '/api/ops/dossiers/' + encodeURIComponent(code));
  if (r.status !== 200) { $('#search-error').textContent = r.data.error || ('HTTP ' + r.status); return; }
  const d = r.data.dossier;
  $('#dossier-code').textContent = d.maHoSo;
  $('#dossier-state').textContent = d.state;
  const facts = [['flow', d.flow], ['module', (d.moduleIn || '?') + ' → ' + (d.modulePushed || '?')], ['unit', d.maDonVi],
    ['province', d.maTinh], ['push attempts', d.attempts], ['last reason', d.lastReason], ['received', time(d.createdAt)],
    ['updated', time(d.updatedAt)]];
  $('#dossier-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v == null ? '' : v })]));
  $('#result-link-row').hidden = !r.data.resultUrl;
  if (r.data.resultUrl) $('#result-link').setAttribute('href', r.data.resultUrl);
  $('#trail tbody').replaceChildren(...d.trail.map(e => el('tr', { class: 'event', 'data-outcome': e.outcome },
    el('td', { text: time(e.at) }), el('td', { text: e.step }), el('td', { class: 'outcome', text: e.outcome }),
    el('td', { text: e.reason || '' }))));
  $('#payloads').replaceChildren(...r.data.payloads.map((p, i) => el('details', { class: 'payload', ...(i === r.data.payloads.length - 1 ? { open: '' } : {}) },
    el('summary', {}, 'version ' + p.contentVersion.slice(0, 12) + ' received ' + time(p.receivedAt)),
    el('pre', { text: pretty(p.payload) }))));
  if (!r.data.payloads.length) $('#payloads').append(el('p', { class: 'hint', text: 'No version kept (the dossier never passed validation).' }));
  $('#dossier-result').hidden = false;
}

function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch (e) { return text; }
}

function setStatus(ok, text) {
  const s = $('#queue-status');
  s.className = 'status ' + (ok ? 'ok' : 'error');
  s.textContent = text;
}

async function loadQueue(queue) {
  $('#queue-name').textContent = queue;
  const r = await api('GET', '/api/ops/queues/' + encodeURIComponent(queue) + '/messages');
  const body = $('#messages tbody');
  if (r.status !== 200) { body.replaceChildren(); setStatus(false, r.status + ': ' + (r.data.error || '')); return; }
  $('#queue-depth').textContent = r.data.depth >= 0 ? r.data.depth + ' waiting' : '';
  $('#queue-empty').hidden = r.data.messages.length > 0;
  body.replaceChildren(...r.data.messages.map(m => messageRow(queue, m)));
}

function messageRow(queue, m) {
  const editor = el('textarea', { class: 'replay-body', spellcheck: 'false' });
  editor.value = pretty(m.replayBody || '');
  const reason = el('input', { class: 'discard-reason', placeholder: 'why discard (required)' });
  const replay = el('button', { type: 'button', class: 'replay', text: m.replayTo ? 'Replay to ' + m.replayTo : 'Replay' });
  const discard = el('button', { type: 'button', class: 'discard danger', text: 'Discard' });
  replay.addEventListener('click', () => act(queue, m, 'replay', {}));
  discard.addEventListener('click', () => act(queue, m, 'discard', { reason: reason.value }));
  const actions = el('td', { class: 'actions' }, replay, ' ', reason, discard);
  if (m.editable) {
    const replayEdited = el('button', { type: 'button', class: 'replay-edited secondary', text: 'Replay edited JSON' });
    replayEdited.addEventListener('click', () => act(queue, m, 'replay', { payload: editor.value }));
    actions.append(el('details', { class: 'edit' }, el('summary', {}, 'Edit before replay (checked again by the flow)'), editor, replayEdited));
  }
  return el('tr', { class: 'message', 'data-id': m.id, 'data-ma-ho-so': m.maHoSo || '' },
    el('td', { text: time(m.time) }),
    el('td', { class: 'code' }, m.maHoSo ? el('a', { href: '#dossier/' + m.maHoSo, text: m.maHoSo }) : el('span', { class: 'hint', text: '(none)' })),
    el('td', {}, el('div', { class: 'reason', text: m.reason || '' }), el('div', { class: 'cause error', text: m.cause || '' }),
      el('details', {}, el('summary', {}, 'message (personal fields masked)'), el('pre', { text: pretty(m.body || '') }))),
    actions);
}

async function act(queue, m, action, body) {
  const path = '/api/ops/queues/' + encodeURIComponent(queue) + '/messages/' + encodeURIComponent(m.id) + '/' + action;
  const r = await api('POST', path, body);
  if (r.status === 200) {
    setStatus(true, action === 'replay' ? 'Replayed ' + (m.maHoSo || m.id) + ' to ' + r.data.replayedTo
      : 'Discarded ' + (m.maHoSo || m.id));
    loadQueue(queue);
  } else {
    setStatus(false, r.status + ': ' + (r.data.error || 'refused'));
  }
}

async function loadAudit() {
  const r = await api('GET', '/api/ops/audit');
  if (r.status !== 200) return;
  $('#audit tbody').replaceChildren(...r.data.entries.map(a => el('tr', {},
    el('td', { text: time(a.at) }), el('td', { text: a.operator }), el('td', { text: a.action }), el('td', { text: a.queue }),
    el('td', { text: a.maHoSo || '' }), el('td', { text: a.reason || '' }))));
}

start();
