// Forms carrying data-confirm ask before they are sent (the approver's "Ký số bản này": a signature
// cannot be taken back by a click). A static file, no inline script: the site's CSP allows only these.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) {
      return;
    }
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
