/* Agencies on the editing page: label each chosen agency "chủ trì" (the first) or "phối hợp" (the
   others) however the list changes, and add a missing agency without leaving the page. */
(function () {
  "use strict";

  function label(list) {
    var lead = list.getAttribute("data-lead-label"), support = list.getAttribute("data-support-label");
    Array.prototype.forEach.call(list.children, function (chip, index) {
      var tag = chip.querySelector(".chip-role");
      if (!tag) {
        tag = document.createElement("span");
        tag.className = "chip-role";
        var name = chip.querySelector(".chip-name");
        name.parentNode.insertBefore(tag, name.nextSibling);
      }
      tag.textContent = index === 0 ? lead : support;
    });
  }

  document.querySelectorAll(".agency-chosen[data-lead-label]").forEach(function (list) {
    label(list);
    new MutationObserver(function () { label(list); }).observe(list, { childList: true });
  });
  // Rows added later (a new item) bring their own lists.
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      record.addedNodes.forEach(function (node) {
        if (node.querySelectorAll) {
          node.querySelectorAll(".agency-chosen[data-lead-label]").forEach(function (list) {
            label(list);
            new MutationObserver(function () { label(list); }).observe(list, { childList: true });
          });
        }
      });
    });
  }).observe(document.body, { childList: true, subtree: true });

  var form = document.querySelector("[data-agency-add]");
  if (!form) return;
  var result = form.querySelector("[data-agency-add-result]");
  var confirmBox = form.querySelector("[data-agency-add-confirm]");
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) { return response.json().then(function (data) { return [response.status, data]; }); })
      .then(function (pair) {
        var status = pair[0], data = pair[1];
        result.className = "col-12 small";
        if (status === 201) {
          result.classList.add("text-success");
          result.textContent = form.getAttribute("data-added").split("%(agency)s").join(data.name);
          form.reset();
          confirmBox.hidden = true;
        } else if (status === 409) {
          result.classList.add("text-warning-emphasis");
          result.textContent = data.warning;
          confirmBox.hidden = false;
        } else {
          result.classList.add("text-danger");
          result.textContent = (data.errors || []).join(" ");
        }
      });
  });
})();
