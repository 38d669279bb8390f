/* crm-live.js: the book's live figures, drawn in the reader's browser with no kernel.
 *
 * crmlib.live writes each figure into a notebook output as
 *   <div class="crm-live" data-crm-live="ID" data-crm-live-dataset="table">
 *     <script type="application/json" class="crm-live-spec">{Vega-Lite spec}</script>
 *     <div class="crm-live-view"></div>
 *   </div>
 * This file (ours, not vendored) embeds each spec with vega-embed, using the
 * vega, vega-lite and vega-embed bundles the page loaded before it (no CDN
 * renderer), and registers the figure as window.crmLive[ID]:
 *   params()   -> {name: {min, max, step, value}} for every slider;
 *   set(obj)   -> Promise resolved after the figure has been redrawn;
 *   values()   -> the figure's current data: plain row objects of the mark
 *                 named DATASET (the Vega-Lite layer {"name": DATASET, ...}).
 * window.crmLiveReady resolves when every figure on the page is registered.
 */
(function () {
  "use strict";
  var registry = (window.crmLive = window.crmLive || {});

  // Rows of the marks named `name` (Vega-Lite names a unit's marks "<name>_marks"),
  // taken from the scenegraph: exactly the tuples drawn, after every transform.
  function collect(node, names, out) {
    if (!node) { return out; }
    if (node.marktype && names.indexOf(node.name) >= 0) {
      (node.items || []).forEach(function (item) { if (item.datum) { out.push(item.datum); } });
      return out;
    }
    (node.items || []).forEach(function (child) { collect(child, names, out); });
    return out;
  }

  function plainRow(datum) {
    var row = {};
    Object.keys(datum).forEach(function (key) {
      // Vega's tuple id is a Symbol (not listed); skip Vega-Lite's internal fields too.
      if (key.indexOf("__") !== 0 && key !== "_vgsid_") { row[key] = datum[key]; }
    });
    return row;
  }

  function sliders(spec) {
    var found = {};
    (spec.params || []).forEach(function (p) {
      if (p.bind && p.bind.input === "range") { found[p.name] = p.bind; }
    });
    return found;
  }

  function mount(el) {
    var id = el.getAttribute("data-crm-live");
    var dataset = el.getAttribute("data-crm-live-dataset") || "table";
    var spec = JSON.parse(el.querySelector("script.crm-live-spec").textContent);
    var target = el.querySelector(".crm-live-view");
    var ranges = sliders(spec);
    return window.vegaEmbed(target, spec, {actions: false, renderer: "svg", mode: "vega-lite"}).then(function (result) {
      var view = result.view;
      // Vega's range input shows its value in a bare <span>; tie it to the slider
      // for screen readers (the <label> around both already names the slider).
      el.querySelectorAll(".vega-bind").forEach(function (bind) {
        var input = bind.querySelector("input[type=range]");
        var shown = bind.querySelector("input[type=range] + span, input[type=range] ~ span:not(.vega-bind-name)");
        if (input && shown) {
          shown.id = shown.id || id + "-" + input.name + "-value";
          shown.setAttribute("aria-live", "polite");
          input.setAttribute("aria-describedby", shown.id);
        }
      });
      registry[id] = {
        id: id,
        view: view,
        params: function () {
          var out = {};
          Object.keys(ranges).forEach(function (name) {
            var b = ranges[name];
            out[name] = {min: b.min, max: b.max, step: b.step, value: view.signal(name)};
          });
          return out;
        },
        set: function (values) {
          Object.keys(values).forEach(function (name) {
            if (!(name in ranges)) {
              throw new Error(id + ": no slider named " + name + " (sliders: " + Object.keys(ranges).join(", ") + ")");
            }
            view.signal(name, values[name]);
          });
          return view.runAsync().then(function () { return undefined; });
        },
        values: function () {
          return collect(view.scenegraph().root, [dataset + "_marks", dataset], []).map(plainRow);
        },
      };
      el.setAttribute("data-crm-live-ready", "");
      return registry[id];
    }).catch(function (err) {
      el.setAttribute("data-crm-live-error", String(err));
      console.error("crm-live: figure " + id + " failed to draw", err);
      throw err;
    });
  }

  function start() {
    var nodes = Array.prototype.slice.call(document.querySelectorAll("div.crm-live[data-crm-live]"));
    if (!window.vegaEmbed) {
      console.error("crm-live: vega-embed is not loaded; the live figures stay empty");
      return Promise.reject(new Error("vegaEmbed missing"));
    }
    return Promise.all(nodes.map(mount));
  }

  window.crmLiveReady = new Promise(function (resolve, reject) {
    function go() { start().then(resolve, reject); }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", go);
    } else {
      go();
    }
  });
  // a rejection is already reported per figure on the console
  window.crmLiveReady.catch(function () {});
})();
