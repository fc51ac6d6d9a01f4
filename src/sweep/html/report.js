// Sorting and filtering of the repository table. The table is complete without this script;
// the data it sorts and filters by comes from the JSON block, never from the page's HTML.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('tlslint-data').textContent);
  var table = document.getElementById('repos');
  if (!table) {
    document.documentElement.setAttribute('data-script', 'ready');
    return;
  }
  var rows = Array.prototype.map.call(table.tBodies, function (body, i) {
    return { body: body, d: data.repositories[i] };
  });
  var verdict = document.getElementById('f-verdict');
  var rule = document.getElementById('f-rule');
  var text = document.getElementById('f-text');
  var shown = document.getElementById('shown');
  document.getElementById('controls').hidden = false;

  // The initial filter comes from the URL: report.html#verdict=breaks&rule=TLS001&q=web
  var query = location.hash.replace(/^#/, '') || location.search.replace(/^\?/, '');
  var params = new URLSearchParams(query);
  function choose(select, value) {
    for (var i = 0; i < select.options.length; i++) {
      if (select.options[i].value === value) {
        select.value = value;
      }
    }
  }
  choose(verdict, params.get('verdict') || '');
  choose(rule, params.get('rule') || '');
  text.value = params.get('q') || '';

  function apply() {
    var v = verdict.value;
    var r = rule.value;
    var q = text.value.trim().toLowerCase();
    var count = 0;
    rows.forEach(function (row) {
      var keep = (!v || row.d.verdict === v) &&
        (!r || row.d.rules.indexOf(r) >= 0) &&
        (!q || row.d.text.indexOf(q) >= 0);
      row.body.hidden = !keep;
      if (keep) {
        count++;
      }
    });
    shown.textContent = count + ' of ' + rows.length + ' repositories';
  }

  function remember() {
    var next = new URLSearchParams();
    if (verdict.value) next.set('verdict', verdict.value);
    if (rule.value) next.set('rule', rule.value);
    if (text.value.trim()) next.set('q', text.value.trim());
    var hash = next.toString();
    try {
      history.replaceState(null, '', hash ? '#' + hash : location.pathname + location.search);
    } catch (e) {
      // Some viewers (a mail client's preview) refuse; the filter still applies.
    }
  }

  function changed() {
    apply();
    remember();
  }
  verdict.addEventListener('change', changed);
  rule.addEventListener('change', changed);
  text.addEventListener('input', changed);

  var sortKey = null;
  var ascending = true;
  function compare(a, b) {
    var x = a.d[sortKey];
    var y = b.d[sortKey];
    var order = x < y ? -1 : x > y ? 1 : 0;
    if (!ascending) order = -order;
    return order || (a.d.name < b.d.name ? -1 : a.d.name > b.d.name ? 1 : 0);
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
    var key = cell.getAttribute('data-sort');
    if (!key) return;
    var button = document.createElement('button');
    button.type = 'button';
    button.textContent = cell.textContent;
    cell.textContent = '';
    cell.appendChild(button);
    button.addEventListener('click', function () {
      ascending = sortKey === key ? !ascending : cell.getAttribute('data-first') !== 'desc';
      sortKey = key;
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.removeAttribute('aria-sort');
      });
      cell.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
      rows.sort(compare).forEach(function (row) {
        table.appendChild(row.body);
      });
    });
  });

  apply();
  document.documentElement.setAttribute('data-script', 'ready');
})();
