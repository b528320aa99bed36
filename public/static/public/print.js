// "In" (print) buttons of the public plan page: a static file, so the CSP needs no inline script.
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () { window.print(); });
});
