// Small helpers for the server-rendered pages; everything works without them, they make it friendlier.
(function () {
  'use strict';

  // Times are sent in UTC; show them in the browser's zone, with the UTC value on hover.
  function localiseTimes(root) {
    root.querySelectorAll('time[datetime]').forEach(function (t) {
      var d = new Date(t.getAttribute('datetime'));
      if (isNaN(d)) { return; }
      t.title = d.toISOString().replace('.000Z', 'Z') + ' (UTC)';
      t.textContent = d.toLocaleString();
    });
  }

  function pad(n) { return String(n).padStart(2, '0'); }

  // datetime-local inputs hold local wall time; the server takes UTC instants.
  function localInputs(root) {
    root.querySelectorAll('input[type=datetime-local][data-utc]').forEach(function (input) {
      // data-instant holds the exact UTC instant when the value is UTC wall time (see UiExtensions.inputMinute).
      var source = input.getAttribute('data-instant') || input.getAttribute('value');
      if (!input.dataset.value && source) {
        var d = new Date(source);
        if (!isNaN(d)) {
          input.value = d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
        }
      }
    });
  }

  // A form with a choice of kind (schedule timing, notification target) shows only the inputs of the chosen kind
  // (without this script all show, each labelled). A group's data-kind lists the kinds it serves.
  function kindSwitches(root) {
    root.querySelectorAll('select[name=schedule_type], select[data-kinds]').forEach(function (select) {
      function show() {
        select.form.querySelectorAll('fieldset.kind[data-kind]').forEach(function (group) {
          group.hidden = group.getAttribute('data-kind').split(' ').indexOf(select.value) < 0;
        });
      }
      select.addEventListener('change', show);
      show();
    });
  }

  document.addEventListener('submit', function (e) {
    var form = e.target;
    var question = form.getAttribute('data-confirm');
    if (question && !window.confirm(question)) {
      e.preventDefault();
      return;
    }
    form.querySelectorAll('input[type=datetime-local][data-utc]').forEach(function (input) {
      if (!input.value) { return; }
      var hidden = document.createElement('input');
      hidden.type = 'hidden';
      hidden.name = input.name;
      hidden.value = new Date(input.value).toISOString();
      input.removeAttribute('name');
      form.appendChild(hidden);
    });
  });

  document.addEventListener('click', function (e) {
    var button = e.target.closest('[data-copy]');
    if (button && navigator.clipboard) {
      navigator.clipboard.writeText(document.querySelector(button.getAttribute('data-copy')).textContent.trim());
      button.textContent = 'Copied';
    }
  });

  // Tables sort by a click on their header (numbers as numbers, times as times).
  document.addEventListener('click', function (e) {
    var th = e.target.closest('main table th');
    if (!th) { return; }
    var table = th.closest('table');
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    function key(row) {
      var cell = row.cells[index];
      var time = cell.querySelector('time');
      if (time) { return new Date(time.getAttribute('datetime')).getTime(); }
      var text = cell.textContent.trim().replace(/^#/, '');
      return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text.toLowerCase();
    }
    rows.sort(function (a, b) {
      var x = key(a), y = key(b);
      return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });

  // Dropping a file on the upload box picks it and sends the form.
  function dropzones(root) {
    root.querySelectorAll('form.dropzone').forEach(function (form) {
      var input = form.querySelector('input[type=file]');
      ['dragenter', 'dragover'].forEach(function (type) {
        form.addEventListener(type, function (e) { e.preventDefault(); form.classList.add('over'); });
      });
      form.addEventListener('dragleave', function () { form.classList.remove('over'); });
      form.addEventListener('drop', function (e) {
        e.preventDefault();
        form.classList.remove('over');
        if (e.dataTransfer.files.length) {
          input.files = e.dataTransfer.files;
          form.requestSubmit();
        }
      });
    });
  }

  document.addEventListener('DOMContentLoaded', function () {
    dropzones(document);
    localiseTimes(document);
    localInputs(document);
    kindSwitches(document);
  });
  document.addEventListener('htmx:afterSwap', function (e) { localiseTimes(e.target); });
  document.addEventListener('htmx:load', function (e) { localiseTimes(e.target); });
})();
