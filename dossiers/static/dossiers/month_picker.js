// The month picker of the dossiers page: each option's value is that month's address.
// A static file (not an onsubmit attribute), so the Content-Security-Policy needs no inline script.
document.querySelectorAll("form[data-month-picker]").forEach(function (form) {
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.location.href = form.querySelector("select").value;
  });
});
