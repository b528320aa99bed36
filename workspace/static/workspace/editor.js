/* The plan editor: formset rows (add, remove, reorder), the agency picker, date hints and the
   live preview. Plain JavaScript, no build step; the page works without it except for adding rows
   and picking agencies. The departments' proposal form uses it for its agency picker only: it has
   no date information, rows or preview. */
(function () {
  "use strict";

  var form =
    document.getElementById("plan-form") ||
    document.getElementById("proposal-form") ||
    document.getElementById("conclusion-task-form");
  var dateInfoNode = document.getElementById("date-info");
  var dateInfo = dateInfoNode ? JSON.parse(dateInfoNode.textContent) : {};
  // The page's messages, translated by the server (workspace.views.EDITOR_MESSAGES, json_script).
  var messagesNode = document.getElementById("editor-messages");
  var text = messagesNode ? JSON.parse(messagesNode.textContent) : {};

  // --- dates: the weekday as you type, weekend and holiday warnings --------------------------
  function showDateHint(input) {
    var hint = input.parentNode.querySelector(".date-hint");
    if (!hint) {
      hint = document.createElement("div");
      hint.className = "date-hint form-text";
      hint.setAttribute("aria-live", "polite");
      input.insertAdjacentElement("afterend", hint);
    }
    hint.textContent = "";
    if (!input.value) return;
    var info = dateInfo[input.value];
    if (!info) {
      hint.textContent = text.outside_month;
      hint.classList.add("warn");
      return;
    }
    var label = document.createElement("span");
    label.textContent = info.label;
    hint.appendChild(label);
    info.warnings.forEach(function (warning) {
      var line = document.createElement("div");
      line.className = "warn";
      line.textContent = "⚠ " + warning;
      hint.appendChild(line);
    });
  }

  function initDates(root) {
    if (!dateInfoNode) return;  // a page without the month's dates (the proposal form)
    root.querySelectorAll("input[data-date-hint]").forEach(function (input) {
      if (input.name && input.name.indexOf("__prefix__") !== -1) return;
      input.addEventListener("input", function () { showDateHint(input); });
      input.addEventListener("change", function () { showDateHint(input); });
      if (input.value) showDateHint(input);
    });
  }
  initDates(document);

  if (!form) return;

  // --- sessions added on the page: items can choose them before the page is saved ------------
  // A new session row N is offered to the items as "moi-N" (workspace.forms.NEW_SESSION_PREFIX).
  var NEW_SESSION = "moi-";

  function newSessions() {
    var found = [];
    var list = form.querySelector('[data-formset-list="sessions"]');
    if (!list) return found;
    list.querySelectorAll(":scope > [data-formset-row]").forEach(function (row) {
      var id = row.querySelector('input[name$="-id"]');
      var date = row.querySelector('input[name$="-date"]');
      var remove = row.querySelector("[data-delete]");
      if (!date || (id && id.value) || !date.value || (remove && remove.checked)) return;
      var index = date.name.match(/^sessions-(\d+)-date$/);
      if (!index) return;
      var info = dateInfo[date.value];
      found.push({
        value: NEW_SESSION + index[1],
        label: (text.new_session || "%(date)s").split("%(date)s").join(info ? info.label : date.value),
      });
    });
    return found;
  }

  function offerNewSessions() {
    var sessions = newSessions();
    var selects = Array.prototype.slice.call(form.querySelectorAll('select[name^="items-session-"][name$="-session"]'));
    var template = document.getElementById("empty-items-session");
    if (template) selects = selects.concat(Array.prototype.slice.call(template.content.querySelectorAll("select")));
    selects.forEach(function (select) {
      var chosen = select.value;
      Array.prototype.slice.call(select.options).forEach(function (option) {
        if (option.value.indexOf(NEW_SESSION) === 0) option.remove();
      });
      sessions.forEach(function (session) {
        var option = document.createElement("option");
        option.value = session.value;
        option.textContent = session.label;
        select.appendChild(option);
      });
      if (chosen) select.value = chosen;
      if (!select.value && select.options.length) select.selectedIndex = 0;
    });
  }

  form.addEventListener("input", function (event) {
    if (event.target.closest('[data-formset-list="sessions"]')) offerNewSessions();
  });
  form.addEventListener("change", function (event) {
    if (event.target.closest('[data-formset-list="sessions"]')) offerNewSessions();
  });

  // --- formsets ------------------------------------------------------------------------------
  function renumber(list) {
    var position = 1;
    list.querySelectorAll(":scope > [data-formset-row]").forEach(function (row) {
      var order = row.querySelector("[data-order]");
      if (order) order.value = position++;
    });
  }

  form.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-form]");
    if (add) {
      var prefix = add.getAttribute("data-add-form");
      var total = form.querySelector("#id_" + prefix + "-TOTAL_FORMS");
      var template = document.getElementById("empty-" + prefix);
      var list = form.querySelector('[data-formset-list="' + prefix + '"]');
      var html = template.innerHTML.replace(/__prefix__/g, total.value);
      total.value = parseInt(total.value, 10) + 1;
      var holder = document.createElement("div");
      holder.innerHTML = html.trim();
      var row = holder.firstElementChild;
      list.appendChild(row);
      renumber(list);
      initDates(row);
      offerNewSessions();
      var first = row.querySelector("textarea, input:not([type=hidden]), select");
      if (first) first.focus();
      changed();
      return;
    }
    var move = event.target.closest("[data-move]");
    if (move) {
      var current = move.closest("[data-formset-row]");
      if (move.getAttribute("data-move") === "up" && current.previousElementSibling) {
        current.parentNode.insertBefore(current, current.previousElementSibling);
      } else if (move.getAttribute("data-move") === "down" && current.nextElementSibling) {
        current.parentNode.insertBefore(current.nextElementSibling, current);
      }
      renumber(current.parentNode);
      move.focus();
      changed();
      return;
    }
    var chipFirst = event.target.closest("[data-chip-first]");
    if (chipFirst) {
      var chip = chipFirst.closest(".agency-chip");
      chip.parentNode.insertBefore(chip, chip.parentNode.firstElementChild);
      changed();
      return;
    }
    var chipRemove = event.target.closest("[data-chip-remove]");
    if (chipRemove) {
      chipRemove.closest(".agency-chip").remove();
      changed();
    }
  });

  form.addEventListener("change", function (event) {
    if (event.target.matches("[data-delete]")) {
      event.target.closest("[data-formset-row]").classList.toggle("is-deleted", event.target.checked);
    }
  });

  // --- the agency picker: search by name, short name, with or without diacritics -------------
  var searchUrl = form.getAttribute("data-agency-search-url");

  function addChip(picker, agency) {
    var chosen = picker.querySelector(".agency-chosen");
    if (chosen.querySelector('[data-agency-id="' + agency.id + '"]')) return;
    var item = document.createElement("li");
    item.className = "agency-chip";
    item.setAttribute("data-agency-id", agency.id);
    var hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = picker.getAttribute("data-name");
    hidden.value = agency.id;
    var name = document.createElement("span");
    name.className = "chip-name";
    name.title = agency.name;
    name.textContent = agency.short_name;
    var first = document.createElement("button");
    first.type = "button";
    first.className = "chip-btn";
    first.setAttribute("data-chip-first", "");
    first.setAttribute("aria-label", text.move_first);
    first.textContent = "↑";
    var remove = document.createElement("button");
    remove.type = "button";
    remove.className = "chip-btn";
    remove.setAttribute("data-chip-remove", "");
    remove.setAttribute("aria-label", text.remove_agency.split("%(agency)s").join(agency.short_name));
    remove.textContent = "×";
    item.append(hidden, name, first, remove);
    chosen.appendChild(item);
    changed();
  }

  function showResults(picker, results) {
    var list = picker.querySelector(".agency-results");
    list.innerHTML = "";
    results.forEach(function (agency) {
      var option = document.createElement("li");
      option.className = "list-group-item list-group-item-action";
      option.setAttribute("role", "option");
      option.tabIndex = -1;
      option.textContent = agency.name + (agency.short_name !== agency.name ? " (" + agency.short_name + ")" : "");
      option.addEventListener("mousedown", function (event) {
        event.preventDefault();
        choose(picker, agency);
      });
      list.appendChild(option);
    });
    if (!results.length) {
      var none = document.createElement("li");
      none.className = "list-group-item text-body-secondary";
      none.textContent = text.no_agency;
      list.appendChild(none);
    }
    list.hidden = false;
    picker._results = results;
  }

  function choose(picker, agency) {
    addChip(picker, agency);
    var input = picker.querySelector("[data-agency-search]");
    input.value = "";
    picker.querySelector(".agency-results").hidden = true;
    input.focus();
  }

  var searchTimer = null;
  form.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches("[data-agency-search]")) return;
    var picker = input.closest("[data-agency-picker]");
    clearTimeout(searchTimer);
    if (!input.value.trim()) {
      picker.querySelector(".agency-results").hidden = true;
      return;
    }
    searchTimer = setTimeout(function () {
      var query = input.value;
      fetch(searchUrl + "?q=" + encodeURIComponent(query), { credentials: "same-origin" })
        .then(function (response) { return response.json(); })
        .then(function (data) { if (input.value === query) showResults(picker, data.results); });
    }, 150);
  });
  // A search typed before this script ran (it loads after the form, slowly on a busy line): run it now.
  form.querySelectorAll("[data-agency-search]").forEach(function (input) {
    if (input.value.trim()) input.dispatchEvent(new Event("input", { bubbles: true }));
  });

  form.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches("[data-agency-search]") || event.key !== "Enter") return;
    event.preventDefault(); // Enter picks the first match instead of submitting the form
    var picker = input.closest("[data-agency-picker]");
    if (picker._results && picker._results.length && !picker.querySelector(".agency-results").hidden) {
      choose(picker, picker._results[0]);
    }
  });

  form.addEventListener("focusout", function (event) {
    if (event.target.matches("[data-agency-search]")) {
      var picker = event.target.closest("[data-agency-picker]");
      setTimeout(function () { picker.querySelector(".agency-results").hidden = true; }, 150);
    }
  });

  // --- live preview: the server renders the form's content without keeping it ---------------
  var previewUrl = form.getAttribute("data-preview-url");
  var preview = document.getElementById("preview");
  var previewState = document.querySelector("[data-preview-state]");
  var dirtyNote = document.querySelector("[data-dirty-note]");
  var previewTimer = null;
  var dirty = false;

  function refreshPreview() {
    if (!preview) return;
    var data = new FormData(form);
    if (previewState) previewState.textContent = text.preview_updating;
    fetch(previewUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        preview.innerHTML = html;
        if (previewState) previewState.textContent = text.preview_current;
      });
  }

  function changed() {
    if (!previewUrl) return;  // a form without the live preview (the proposal form)
    dirty = true;
    if (dirtyNote) dirtyNote.hidden = false;
    clearTimeout(previewTimer);
    previewTimer = setTimeout(refreshPreview, 700);
  }

  form.addEventListener("input", function (event) {
    if (!event.target.matches("[data-agency-search]")) changed();
  });
  form.addEventListener("change", function (event) {
    if (!event.target.matches("[data-agency-search]")) changed();
  });
  form.addEventListener("submit", function () { dirty = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
