// Polls a curation job's status while it is queued or running, and updates the status page in place.
(function () {
  'use strict';
  var box = document.querySelector('.curation-job[data-status-url]');
  if (!box) return;
  var state = box.querySelector('.curation-job__state');
  var bar = box.querySelector('.curation-job__progress');

  function describe(status) {
    if (status.state === 'done') return 'Done. ' + (status.summary || '');
    if (status.state === 'failed') return 'Failed: ' + (status.error || 'nothing was changed.');
    if (status.state === 'running') {
      return 'Running: ' + (status.done || 0) + ' of ' + (status.total || '?') + ' articles.';
    }
    return 'Waiting for the background worker to start.';
  }

  function poll() {
    fetch(box.dataset.statusUrl, { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) { return response.json(); })
      .then(function (status) {
        state.textContent = describe(status);
        if (status.total) {
          bar.max = status.total;
          bar.value = status.done || 0;
        }
        if (status.state === 'queued' || status.state === 'running') {
          window.setTimeout(poll, 1500);
        } else if (status.state === 'done') {
          bar.max = 1;
          bar.value = 1;
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }

  poll();
})();
