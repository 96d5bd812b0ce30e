// luoshi — the little JavaScript the pages use; every page works without it.
// Buttons with data-confirm ask before their form is sent; the map's zone layer can be toggled.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-confirm]').forEach(function (el) {
    el.addEventListener('click', function (ev) {
      if (!window.confirm(el.getAttribute('data-confirm'))) ev.preventDefault();
    });
  });
  var toggle = document.getElementById('zones-toggle');
  if (toggle) {
    toggle.addEventListener('change', function () {
      document.querySelectorAll('svg .zones').forEach(function (g) {
        g.style.display = toggle.checked ? '' : 'none';
      });
    });
  }
});
