// Live preview for the pathway builder (progressive enhancement: without JavaScript the Preview button does the same).
(function () {
  'use strict';
  var form = document.getElementById('pathway-form');
  var out = document.getElementById('pathway-preview');
  if (!form || !out || !window.fetch) return;
  var timer = null;
  var seq = 0;

  function field(name) {
    var el = form.elements.namedItem(name);
    return el && el.value ? el.value : undefined;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function traceItem(t) {
    var li = el('li', t.satisfied ? 'met' : 'missing');
    li.appendChild(el('span', 'state ' + (t.satisfied ? 'met' : 'missing'), t.satisfied ? 'Done' : 'Not yet'));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(el('strong', '', t.label));
    li.appendChild(document.createTextNode(' '));
    li.appendChild(el('span', 'msg', t.message));
    if (t.children && t.children.length) {
      var ul = el('ul');
      t.children.forEach(function (c) { ul.appendChild(traceItem(c)); });
      li.appendChild(ul);
    }
    return li;
  }
  function render(data) {
    out.textContent = '';
    if (data.issues && data.issues.length) {
      out.appendChild(el('p', '', 'The rule has problems:'));
      var ul = el('ul', 'rule-issues');
      data.issues.forEach(function (i) { ul.appendChild(el('li', '', (i.field ? i.field + ': ' : '') + i.message)); });
      out.appendChild(ul);
      return;
    }
    if (!data.evaluation) {
      out.appendChild(el('p', '', 'The rule is valid. Give a learner’s email to see how it judges them.'));
      return;
    }
    var e = data.evaluation;
    out.appendChild(el('p', '', e.satisfied ? 'This learner qualifies now.' : 'This learner does not qualify yet (' + Math.round(e.progress.fraction * 100) + '%).'));
    var tree = el('ul', 'trace');
    tree.appendChild(traceItem(e.trace));
    out.appendChild(tree);
  }
  function run() {
    var mine = ++seq;
    var rule;
    try {
      rule = JSON.parse(field('rule') || '');
    } catch (err) {
      render({ issues: [{ field: 'rule', message: 'The rule is not valid JSON: ' + err.message }] });
      return;
    }
    var body = { rule: rule, targetAchievementId: field('targetAchievementId'), pathwayId: field('pathwayId'), learnerEmail: field('learnerEmail') };
    fetch('/api/v1/pathways/preview', {
      method: 'POST', credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'x-csrf-token': form.getAttribute('data-csrf') || '' },
      body: JSON.stringify(body),
    }).then(function (res) {
      return res.json().then(function (data) {
        if (mine !== seq) return;
        if (res.ok) render(data);
        else render({ issues: data.error && data.error.issues && data.error.issues.length ? data.error.issues : [{ field: data.error && data.error.field, message: data.error ? data.error.message : 'The preview failed.' }] });
      });
    }).catch(function () { /* keep the last preview; the button still works */ });
  }
  form.addEventListener('input', function () {
    clearTimeout(timer);
    timer = setTimeout(run, 450);
  });
})();
