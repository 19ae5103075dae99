/* Backend Competency Handbook: question bank filter, self-assessment and print helpers.
 * Progressive enhancement only: every page is complete and readable without this script. */
(function () {
  "use strict";

  var STORE = "handbook-self-assessment";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  /* ------------------------------------------------------------ question bank filter */

  function setupFilter(box) {
    var items = Array.prototype.slice.call(document.querySelectorAll(".hb-question"));
    if (!items.length) return;
    var labels = {};
    try { labels = JSON.parse(box.dataset.labels || "{}"); } catch (error) { /* ids stand in for titles */ }
    function values(attr) {
      var seen = {};
      var titles = labels[attr] || {};
      items.forEach(function (item) { seen[item.dataset[attr]] = titles[item.dataset[attr]] || item.dataset[attr]; });
      return Object.keys(seen).sort().map(function (key) { return [key, seen[key]]; });
    }
    function select(id, label, options) {
      var control = el("select", { id: id, name: id });
      control.appendChild(el("option", { value: "", text: "Any" }));
      options.forEach(function (pair) { control.appendChild(el("option", { value: pair[0], text: pair[1] })); });
      return [el("label", { for: id, text: label }), control];
    }
    var fields = [
      select("hb-f-competency", "Competency", values("competency")),
      select("hb-f-kind", "Kind", values("kind")),
      select("hb-f-level", "Level", values("level")),
      select("hb-f-minutes", "At most", [["5", "5 minutes"], ["10", "10 minutes"], ["15", "15 minutes"], ["20", "20 minutes"], ["30", "30 minutes"]])
    ];
    var count = el("p", { class: "hb-filter__count", role: "status", "aria-live": "polite" });
    var reset = el("button", { type: "button", class: "md-button", text: "Show all" });
    var form = el("form", { class: "hb-filter__form", role: "search", "aria-label": "Filter questions" });
    fields.forEach(function (pair) { form.appendChild(el("div", { class: "hb-filter__field" }, pair)); });
    form.appendChild(reset);
    box.textContent = "";
    box.appendChild(form);
    box.appendChild(count);

    function apply() {
      var wanted = {
        competency: form.querySelector("#hb-f-competency").value,
        kind: form.querySelector("#hb-f-kind").value,
        level: form.querySelector("#hb-f-level").value
      };
      var minutes = parseInt(form.querySelector("#hb-f-minutes").value || "0", 10);
      var shown = 0;
      items.forEach(function (item) {
        var ok = Object.keys(wanted).every(function (key) { return !wanted[key] || item.dataset[key] === wanted[key]; });
        if (minutes && parseInt(item.dataset.minutes, 10) > minutes) ok = false;
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = "Showing " + shown + " of " + items.length + " questions";
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    reset.addEventListener("click", function () { form.reset(); apply(); });
    apply();
  }

  /* ------------------------------------------------------------ self-assessment */

  function hash(text) {
    var h = 5381;
    for (var i = 0; i < text.length; i += 1) h = ((h * 33) ^ text.charCodeAt(i)) >>> 0;
    return h.toString(36);
  }

  function load() {
    try {
      var data = JSON.parse(window.localStorage.getItem(STORE) || "{}");
      return data && typeof data.checked === "object" && data.checked ? data : { version: 1, checked: {} };
    } catch (error) {
      return { version: 1, checked: {} };
    }
  }

  function save(data) {
    try { window.localStorage.setItem(STORE, JSON.stringify(data)); } catch (error) { /* storage full or blocked */ }
  }

  function setupSelfAssessment(summary) {
    var lists = Array.prototype.slice.call(document.querySelectorAll(".hb-checklist"));
    if (!lists.length) return;
    var data = load();
    var boxes = [];
    lists.forEach(function (list) {
      list.querySelectorAll("li").forEach(function (item) {
        var input = item.querySelector("input[type=checkbox]");
        if (!input) return;
        var key = list.dataset.competency + ":" + hash(item.textContent.trim());
        input.disabled = false;
        input.dataset.key = key;
        input.dataset.area = list.dataset.areaTitle || list.dataset.area;
        input.setAttribute("aria-label", item.textContent.trim());
        input.checked = !!data.checked[key];
        input.addEventListener("change", function () {
          if (input.checked) data.checked[key] = true; else delete data.checked[key];
          save(data);
          render();
        });
        boxes.push(input);
      });
    });

    var table = el("table", {});
    var status = el("p", { role: "status", "aria-live": "polite" });
    var exportButton = el("button", { type: "button", class: "md-button", text: "Export progress" });
    var importInput = el("input", { type: "file", accept: "application/json,.json", id: "hb-self-import", class: "hb-visually-hidden" });
    var importLabel = el("label", { for: "hb-self-import", class: "md-button", text: "Import progress" });
    var clearButton = el("button", { type: "button", class: "md-button", text: "Clear" });
    summary.textContent = "";
    summary.appendChild(el("h2", { id: "your-progress", text: "Your progress" }));
    summary.appendChild(table);
    summary.appendChild(el("div", { class: "hb-self-actions" }, [exportButton, importLabel, importInput, clearButton]));
    summary.appendChild(status);

    function render() {
      var areas = {};
      boxes.forEach(function (box) {
        var area = areas[box.dataset.area] || (areas[box.dataset.area] = { done: 0, total: 0 });
        area.total += 1;
        if (box.checked) area.done += 1;
      });
      table.textContent = "";
      var head = el("tr", {}, [el("th", { text: "Area" }), el("th", { text: "Ticked" }), el("th", { text: "Progress" })]);
      table.appendChild(el("thead", {}, [head]));
      var body = el("tbody");
      var done = 0, total = 0;
      Object.keys(areas).forEach(function (key) {
        var area = areas[key];
        done += area.done; total += area.total;
        var pct = Math.round((100 * area.done) / area.total);
        var bar = el("progress", { max: String(area.total), value: String(area.done), "aria-label": key + " progress" });
        body.appendChild(el("tr", {}, [el("td", { text: key }), el("td", { text: area.done + " of " + area.total }), el("td", {}, [bar, document.createTextNode(" " + pct + "%")])]));
      });
      body.appendChild(el("tr", { class: "hb-self-total" }, [el("td", { text: "All areas" }), el("td", { text: done + " of " + total }), el("td", { text: Math.round((100 * done) / Math.max(total, 1)) + "%" })]));
      table.appendChild(body);
    }

    exportButton.addEventListener("click", function () {
      var blob = new Blob([JSON.stringify({ version: 1, exported: new Date().toISOString(), checked: data.checked }, null, 2)], { type: "application/json" });
      var link = el("a", { href: URL.createObjectURL(blob), download: "handbook-self-assessment.json" });
      document.body.appendChild(link);
      link.click();
      link.remove();
      status.textContent = "Exported " + Object.keys(data.checked).length + " ticked items.";
    });
    importInput.addEventListener("change", function () {
      var file = importInput.files && importInput.files[0];
      if (!file) return;
      file.text().then(function (text) {
        var incoming = JSON.parse(text);
        if (!incoming || incoming.version !== 1 || typeof incoming.checked !== "object") throw new Error("not a self-assessment export");
        data = { version: 1, checked: {} };
        Object.keys(incoming.checked).forEach(function (key) { if (incoming.checked[key] === true) data.checked[key] = true; });
        save(data);
        boxes.forEach(function (box) { box.checked = !!data.checked[box.dataset.key]; });
        render();
        status.textContent = "Imported " + Object.keys(data.checked).length + " ticked items.";
      }).catch(function (error) {
        status.textContent = "Could not import that file: " + error.message;
      });
      importInput.value = "";
    });
    clearButton.addEventListener("click", function () {
      data = { version: 1, checked: {} };
      save(data);
      boxes.forEach(function (box) { box.checked = false; });
      render();
      status.textContent = "Cleared.";
    });
    render();
  }

  /* ------------------------------------------------------------ diagrams */

  // Mermaid is 2.6 MB, so it is served from the site (never a CDN) and loaded only on
  // pages that have a diagram, after the page has rendered.
  var MERMAID = "vendor/mermaid-11.17.2.min.js";
  var scriptBase = (document.currentScript && document.currentScript.src) || "";
  var mermaidLoad = null;

  function loadMermaid() {
    if (!mermaidLoad) {
      mermaidLoad = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = scriptBase.replace(/javascripts\/handbook\.js.*$/, MERMAID);
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return mermaidLoad;
  }

  function renderDiagrams() {
    var blocks = Array.prototype.slice.call(document.querySelectorAll(".hb-mermaid:not([data-processed])"));
    if (!blocks.length) return;
    // Load and run Mermaid only when a diagram comes near the viewport, so reading the
    // top of a long study page never waits for it.
    if ("IntersectionObserver" in window) {
      var observer = new IntersectionObserver(function (entries) {
        if (entries.some(function (entry) { return entry.isIntersecting; })) {
          observer.disconnect();
          drawDiagrams(blocks);
        }
      }, { rootMargin: "600px 0px" });
      blocks.forEach(function (block) { observer.observe(block); });
    } else {
      drawDiagrams(blocks);
    }
  }

  function drawDiagrams(blocks) {
    loadMermaid().then(function () {
      var dark = document.body.getAttribute("data-md-color-scheme") === "slate";
      window.mermaid.initialize({ startOnLoad: false, theme: dark ? "dark" : "default", securityLevel: "strict" });
      return window.mermaid.run({ nodes: blocks });
    }).catch(function (error) {
      blocks.forEach(function (block) { block.setAttribute("data-error", String(error)); });
    });
  }

  /* ------------------------------------------------------------ linked tabs */

  // Material keeps tab sets with the same label in step, but finds them by innerText,
  // which is empty for a section the browser has not laid out yet (content-visibility
  // on study pages). Bring such sets in step by their text instead.
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input || !input.name || input.name.indexOf("__tabbed_") !== 0) return;
    var label = document.querySelector("label[for='" + input.id + "']");
    var text = label && label.textContent.trim();
    if (!text) return;
    document.querySelectorAll(".tabbed-set").forEach(function (set) {
      set.querySelectorAll(".tabbed-labels > label").forEach(function (other) {
        var target = document.getElementById(other.htmlFor);
        if (target && !target.checked && other.textContent.trim() === text) {
          other.setAttribute("data-md-switching", "");  // as Material marks its own sync
          target.click();
        }
      });
    });
  });

  /* ------------------------------------------------------------ print */

  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (details) { details.open = true; });
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) { details.open = false; });
    opened = [];
  });

  function init() {
    renderDiagrams();
    document.querySelectorAll("[data-hb-filter]").forEach(setupFilter);
    document.querySelectorAll("[data-hb-self-summary]").forEach(setupSelfAssessment);
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
