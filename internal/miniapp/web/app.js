// duban dashboard (看板). Plain JavaScript, no build step.
//
// Telegram opens this page with its init data in the URL fragment
// (#tgWebAppData=…). Every API call sends that init data in the header
// X-Telegram-Init-Data; the server checks it and answers with data or with a
// refusal, which this page shows instead of any data. Telegram's
// telegram-web-app.js is used when it loads, but the page does not need it.
// Everything from the server reaches the page through textContent, never as
// HTML.
(function () {
  'use strict';

  var FILTERS = ['status', 'unit', 'list', 'person', 'period', 'sort']; // and q, the search text

  var hash = new URLSearchParams(location.hash.replace(/^#/, ''));
  var tg = window.Telegram && window.Telegram.WebApp;
  var initData = (tg && tg.initData) || hash.get('tgWebAppData') || '';
  var startParam = new URLSearchParams(initData).get('start_param') || hash.get('tgWebAppStartParam') || '';

  var state = { group: null, chat: '', charts: null, chartObjs: [], seq: 0, timer: 0 };
  var $ = function (id) { return document.getElementById(id); };

  // ---- Telegram: theme, ready, optional script ----

  function applyTheme(params) {
    if (!params) { return; }
    var root = document.documentElement;
    Object.keys(params).forEach(function (k) {
      if (/^[a-z_]+$/.test(k) && /^#[0-9a-fA-F]{3,8}$/.test(params[k])) {
        root.style.setProperty('--tg-theme-' + k.replace(/_/g, '-'), params[k]);
      }
    });
    root.classList.add('themed');
  }

  function themeFromHash() {
    try { return JSON.parse(hash.get('tgWebAppThemeParams') || 'null'); } catch (e) { return null; }
  }

  function withTelegram(webApp) {
    tg = webApp;
    applyTheme(tg.themeParams);
    tg.onEvent('themeChanged', function () { applyTheme(tg.themeParams); redrawCharts(); });
    tg.ready();
    tg.expand();
  }

  // Inside Telegram the fragment names the platform; only then is
  // telegram-web-app.js worth fetching, and nothing waits for it.
  function loadTelegramScript() {
    if (tg || !hash.get('tgWebAppPlatform')) { return; }
    var s = document.createElement('script');
    s.src = 'https://telegram.org/js/telegram-web-app.js';
    s.async = true;
    s.onload = function () { if (window.Telegram && window.Telegram.WebApp) { withTelegram(window.Telegram.WebApp); } };
    document.head.appendChild(s);
  }

  // ---- API ----

  function api(path, method) {
    return fetch(path, { method: method || 'GET', headers: { 'X-Telegram-Init-Data': initData }, credentials: 'omit' })
      .then(function (resp) {
        return resp.json().catch(function () { return {}; }).then(function (body) {
          if (!resp.ok) {
            var err = new Error(body.message || ('服务器返回 ' + resp.status));
            err.refusal = true;
            throw err;
          }
          return body;
        });
      }, function () { throw new Error('连接不上服务器，请检查网络后重试。'); });
  }

  function withChat(path) {
    if (!state.chat) { return path; }
    return path + (path.indexOf('?') < 0 ? '?' : '&') + 'chat=' + encodeURIComponent(state.chat);
  }

  // showError replaces every view with the reason: after a refusal the page
  // keeps no data on screen.
  function showError(err) {
    ['group', 'personal', 'loading', 'views', 'switch', 'detail'].forEach(function (id) { $(id).hidden = true; });
    $('table').tBodies[0].textContent = '';
    $('my-tasks').textContent = '';
    state.group = null;
    $('error-message').textContent = err.message || String(err);
    $('error').hidden = false;
    $('title').textContent = '督办看板';
    document.body.dataset.state = 'error';
  }

  // ---- helpers ----

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = text; }
    if (cls) { e.className = cls; }
    return e;
  }

  function option(value, label) {
    var o = el('option', label);
    o.value = value;
    return o;
  }

  function percent(r) { return r === null || r === undefined ? '—' : Math.round(r * 100) + '%'; }

  function lateText(overdue, days) {
    if (!overdue) { return ''; }
    return days > 0 ? '逾期' + days + '天' : '已逾期';
  }

  function css(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || undefined;
  }

  // ---- group view ----

  // tableQuery is the table's filter as the API takes it.
  function tableQuery(offset) {
    var q = new URLSearchParams();
    FILTERS.forEach(function (f) { var v = $('f-' + f).value; if (v) { q.set(f, v); } });
    var text = $('f-text').value.trim();
    if (text) { q.set('q', text); }
    if (offset) { q.set('offset', String(offset)); }
    var s = q.toString();
    return s ? '?' + s : '';
  }

  function loadGroup() {
    state.charts = null;
    return api(withChat('api/group' + tableQuery(0))).then(function (p) {
      state.group = p;
      renderGroup(p);
      if (p.leader) { loadSwitcher(p.group.id); }
    });
  }

  // reloadTable asks again after a filter changed; an answer that comes
  // after a newer question is dropped.
  function reloadTable(offset) {
    var seq = ++state.seq;
    document.body.dataset.busy = '1';
    api(withChat('api/group' + tableQuery(offset))).then(function (p) {
      if (seq !== state.seq) { return; }
      state.group = p;
      renderTable(p, offset > 0);
    }, showError).then(function () { if (seq === state.seq) { delete document.body.dataset.busy; } });
  }

  function renderGroup(p) {
    $('title').textContent = p.group.title + ' · 看板';
    $('as-of').textContent = '统计时间 ' + p.now + '（' + p.group.zone + '）';
    var c = p.counts;
    $('c-open').textContent = c.open;
    $('c-overdue').textContent = c.overdue;
    $('c-week').textContent = c.dueThisWeek;
    $('c-done').textContent = c.doneThisMonth;
    $('c-rate').textContent = percent(c.onTimeRate);
    $('c-rate-label').textContent = c.month + '按期率' + (c.settled ? '（' + c.onTime + '/' + c.settled + '）' : '');

    var head = $('table').tHead.rows[0];
    head.textContent = '';
    p.columns.forEach(function (name) { head.appendChild(el('th', name)); });

    var pairs = function (opts) { return opts.map(function (o) { return [o.value, o.label]; }); };
    fillSelect($('f-status'), pairs(p.filters.statuses), null);
    fillSelect($('f-unit'), p.filters.units.map(function (u) { return [u, u]; }), '全部单位');
    fillSelect($('f-list'), pairs(p.filters.lists), '全部清单');
    $('f-list').hidden = !p.filters.lists.length;
    fillSelect($('f-person'), pairs(p.filters.people), '全部人员');
    fillSelect($('f-period'), pairs(p.filters.periods), '全部期间');
    $('download').hidden = !p.leader;
    $('views').hidden = false;
    $('group').hidden = false;
    renderTable(p, false);
    if (!$('charts').hidden) { loadCharts(); }
  }

  function fillSelect(sel, pairs, allLabel) {
    var keep = sel.value;
    sel.textContent = '';
    if (allLabel) { sel.appendChild(option('', allLabel)); }
    pairs.forEach(function (p) { sel.appendChild(option(p[0], p[1])); });
    sel.value = keep;
    if (sel.value !== keep) { sel.value = ''; }
  }

  var OPEN = { todo: true, doing: true, submitted: true };

  // renderTable shows a page of rows: in place of the table, or after it
  // for "显示更多".
  function renderTable(p, append) {
    var table = $('table');
    var body = append ? table.tBodies[0] : document.createElement('tbody');
    p.rows.forEach(function (r) {
      var tr = el('tr');
      tr.dataset.n = r.n;
      if (r.overdue) { tr.className = 'overdue'; }
      else if (!OPEN[r.status] && r.status !== 'posted') { tr.className = 'closed'; }
      r.cells.forEach(function (cell, i) {
        var td = el('td', cell);
        if (i === 1) {
          td.title = cell;
          var late = lateText(r.overdue, r.overdueDays);
          if (late) { td.appendChild(el('span', late, 'badge')); }
        }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (!append) { table.replaceChild(body, table.tBodies[0]); }
    var shown = body.rows.length;
    $('shown').textContent = p.matching === p.counts.all ?
      '共 ' + p.matching + ' 项任务。' : '筛选出 ' + p.matching + ' 项（共 ' + p.counts.all + ' 项）。';
    $('more').hidden = shown >= p.matching;
    document.body.dataset.state = 'group';
    if (!document.body.dataset.rendered) {
      document.body.dataset.rendered = String(Math.round(performance.now()));
    }
  }

  // ---- task detail ----

  function openTask(n) {
    api(withChat('api/task?n=' + encodeURIComponent(n))).then(function (d) {
      $('d-title').textContent = '#' + d.n + ' ' + d.title;
      $('d-status').textContent = d.statusLabel + (d.overdue ? ' · ' + d.overdue : '');
      var dl = $('d-fields');
      dl.textContent = '';
      d.fields.forEach(function (f) {
        dl.appendChild(el('dt', f.label));
        dl.appendChild(el('dd', f.value));
      });
      $('d-detail').textContent = d.detail || '';
      $('d-detail').hidden = !d.detail;
      var box = $('d-sections');
      box.textContent = '';
      d.sections.forEach(function (s) {
        box.appendChild(el('h3', s.title));
        var ul = el('ul', null, 'entries');
        s.entries.forEach(function (e) {
          var li = el('li');
          li.appendChild(el('time', e.at));
          li.appendChild(el('b', e.who + ' '));
          li.appendChild(document.createTextNode(e.text));
          ul.appendChild(li);
        });
        box.appendChild(ul);
      });
      $('detail').hidden = false;
    }, showError);
  }

  // ---- charts ----

  function loadCharts() {
    if (state.charts) { drawCharts(); return; }
    api(withChat('api/charts')).then(function (c) {
      state.charts = c;
      drawCharts();
    }, showError);
  }

  function redrawCharts() { if (state.charts && !$('charts').hidden) { drawCharts(); } }

  function drawCharts() {
    var c = state.charts;
    var units = state.group.units;
    state.chartObjs.forEach(function (ch) { ch.destroy(); });
    state.chartObjs = [];
    renderRanking(c.ranking);
    if (!window.Chart) { return; } // the table below still shows the figures
    var text = css('--text'), hint = css('--hint'), button = css('--button'), danger = css('--danger');
    var grid = { color: css('--line') };
    Chart.defaults.color = hint;
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    state.chartObjs.push(new Chart($('trend-chart'), {
      type: 'line',
      data: {
        labels: c.trend.map(function (p) { return p.label; }),
        datasets: [{ label: '按期率', data: c.trend.map(function (p) { return p.rate === null ? null : Math.round(p.rate * 1000) / 10; }),
          borderColor: button, backgroundColor: button, spanGaps: true, tension: 0.2 }]
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + '%'; } }, grid: grid }, x: { grid: grid } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { label: function (ctx) {
          var p = c.trend[ctx.dataIndex];
          return '按期率 ' + percent(p.rate) + '（按期 ' + p.onTime + ' / ' + p.settled + '）';
        } } } }
      }
    }));
    state.chartObjs.push(new Chart($('units-chart'), {
      type: 'bar',
      data: {
        labels: units.map(function (u) { return u.unit; }),
        datasets: [
          { label: '未办结', data: units.map(function (u) { return u.open; }), backgroundColor: button },
          { label: '逾期', data: units.map(function (u) { return u.overdue; }), backgroundColor: danger }
        ]
      },
      options: {
        indexAxis: 'y', animation: false, maintainAspectRatio: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 }, grid: grid }, y: { grid: { display: false }, ticks: { color: text } } },
        plugins: { legend: { position: 'bottom' } }
      }
    }));
  }

  function renderRanking(r) {
    $('ranking-title').textContent = r.period + '排名';
    $('ranking-rules').textContent = r.rules;
    var body = $('ranking').tBodies[0];
    body.textContent = '';
    if (!r.entries.length) {
      var td = el('td', '本月还没有到期的任务。');
      td.colSpan = 8;
      body.appendChild(el('tr')).appendChild(td);
    }
    r.entries.forEach(function (e) {
      var tr = el('tr');
      var flag = e.flag === '红旗' ? '🚩' : e.flag === '黄旗' ? '🟨' : '';
      [e.rank + ' ' + flag, e.name, e.unit, e.score, percent(e.rate), e.onTime, e.late, e.overdue].forEach(function (v) {
        tr.appendChild(el('td', String(v)));
      });
      body.appendChild(tr);
    });
  }

  // ---- switching groups, the ledger ----

  function loadSwitcher(current) {
    api('api/groups').then(function (groups) {
      var sel = $('switch');
      if (groups.length < 2) { sel.hidden = true; return; }
      sel.textContent = '';
      groups.forEach(function (g) { sel.appendChild(option(String(g.id), g.title)); });
      sel.value = String(current);
      sel.hidden = false;
    }, function () { $('switch').hidden = true; });
  }

  function download() {
    api(withChat('api/ledger-link'), 'POST').then(function (link) {
      var url = new URL(link.url, location.href).href;
      if (tg && tg.downloadFile && tg.isVersionAtLeast && tg.isVersionAtLeast('8.0')) {
        tg.downloadFile({ url: url, file_name: link.name });
        return;
      }
      var a = el('a');
      a.href = url;
      a.download = link.name;
      document.body.appendChild(a);
      a.click();
      a.remove();
    }, function (err) { alert(err.message); });
  }

  // ---- personal view ----

  function loadPersonal() {
    return api('api/me').then(function (p) {
      $('title').textContent = p.name + ' · 我的任务';
      var list = $('my-tasks');
      list.textContent = '';
      $('me-intro').textContent = p.known ?
        '您在各工作群的未办结任务共 ' + p.tasks.length + ' 项，逾期的在前。' :
        '督办机器人还不认识您：在工作群里发言或被交办任务后，这里会列出您的任务。';
      if (p.known && !p.tasks.length) { list.appendChild(el('li', '暂无未办结任务，辛苦了！')); }
      p.tasks.forEach(function (t) {
        var li = el('li', null, t.overdue ? 'overdue' : '');
        li.appendChild(el('div', '#' + t.n + ' ' + t.title));
        li.appendChild(el('div', t.group + ' · ' + t.role + ' · ' + t.statusLabel + ' · 截止 ' + t.deadline, 'meta'));
        var late = lateText(t.overdue, t.overdueDays);
        if (late) { li.appendChild(el('div', late, 'late')); }
        list.appendChild(li);
      });
      $('personal').hidden = false;
      document.body.dataset.state = 'personal';
    });
  }

  // ---- wiring ----

  function show(view) {
    $('group').hidden = view !== 'group';
    $('personal').hidden = view !== 'personal';
    Array.prototype.forEach.call($('views').children, function (b) { b.classList.toggle('on', b.dataset.view === view); });
    var load = view === 'group' ? loadGroup : loadPersonal;
    return load().catch(showError);
  }

  function wire() {
    $('views').addEventListener('click', function (e) {
      if (e.target.dataset.view) { show(e.target.dataset.view); }
    });
    $('panes').addEventListener('click', function (e) {
      var pane = e.target.dataset.pane;
      if (!pane) { return; }
      Array.prototype.forEach.call($('panes').children, function (b) { b.classList.toggle('on', b.dataset.pane === pane); });
      $('ledger').hidden = pane !== 'ledger';
      $('charts').hidden = pane !== 'charts';
      if (pane === 'charts') { loadCharts(); }
    });
    FILTERS.forEach(function (f) {
      $('f-' + f).addEventListener('change', function () { reloadTable(0); });
    });
    $('f-text').addEventListener('input', function () {
      clearTimeout(state.timer);
      state.timer = setTimeout(function () { reloadTable(0); }, 250);
    });
    $('more').addEventListener('click', function () { reloadTable($('table').tBodies[0].rows.length); });
    $('table').tBodies[0].parentNode.addEventListener('click', function (e) {
      var tr = e.target.closest('tbody tr');
      if (tr && tr.dataset.n) { openTask(tr.dataset.n); }
    });
    $('d-close').addEventListener('click', function () { $('detail').hidden = true; });
    $('detail').addEventListener('click', function (e) { if (e.target === $('detail')) { $('detail').hidden = true; } });
    $('download').addEventListener('click', download);
    $('switch').addEventListener('change', function () {
      state.chat = $('switch').value;
      FILTERS.concat(['text']).forEach(function (f) { $('f-' + f).value = f === 'sort' ? 'number' : ''; });
      show('group');
    });
  }

  applyTheme(themeFromHash());
  if (tg) { withTelegram(tg); } else { loadTelegramScript(); }
  wire();
  var first = startParam ? show('group') : show('personal');
  if (!startParam) { $('views').hidden = true; }
  first.then(function () { $('loading').hidden = true; });
}());
