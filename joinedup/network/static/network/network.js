/* The network view: draws the network (Cytoscape.js, vendored), shows details of what is selected, and reloads
   the network as JSON when the filter changes, without reloading the page. The tables below the graph list
   the same nodes and links for screen readers and keyboard users, and are rebuilt with the graph. */
(function () {
  "use strict";

  var dataEl = document.getElementById("network-data");
  var form = document.getElementById("network-filter");
  var container = document.getElementById("network-graph");
  if (!dataEl || !form || !container || typeof cytoscape !== "function") { return; }

  var network = JSON.parse(dataEl.textContent);
  var byId = {};
  var cy = null;

  var COLOURS = { child: "#1d70b8", adult: "#4c2c92", place: "#00703c", group: "#b35000" };
  var SHAPES = { child: "ellipse", adult: "diamond", place: "round-rectangle", group: "hexagon" };
  var LINES = { event: "solid", record: "dashed", structure: "dotted" };
  var LINE_COLOURS = { event: "#0b0c0c", record: "#5a3ea8", structure: "#8a8d90" };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") { node.textContent = attrs[key]; } else { node.setAttribute(key, attrs[key]); }
    });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function hidden(text) { return el("span", { "class": "visually-hidden", text: text }); }

  function when(link) {
    if (link.start && link.start === link.end) { return link.start; }
    if (link.start && link.end) { return link.start + " to " + link.end; }
    if (link.start) { return "from " + link.start; }
    if (link.end) { return "until " + link.end; }
    return "dates not recorded";
  }

  function elements(data) {
    var out = [];
    byId = {};
    data.nodes.forEach(function (node) {
      byId[node.id] = node;
      out.push({ group: "nodes", data: { id: node.id, label: node.label, kind: node.kind, hop: node.hop },
                 classes: (node.centre ? "centre " : "") + (node.anonymous ? "anonymous " : "") + node.kind });
    });
    data.links.forEach(function (link) {
      byId[link.id] = link;
      out.push({ group: "edges", data: { id: link.id, source: link.source, target: link.target, kind: link.kind },
                 classes: link.category });
    });
    return out;
  }

  function style() {
    var rules = [
      { selector: "node", style: { "label": "data(label)", "font-size": 11, "text-valign": "bottom", "text-margin-y": 4,
                                   "text-wrap": "ellipsis", "text-max-width": 130, "width": 22, "height": 22,
                                   "text-background-color": "#ffffff", "text-background-opacity": 0.85,
                                   "text-background-padding": 2,
                                   "border-width": 1, "border-color": "#0b0c0c", "color": "#0b0c0c" } },
      { selector: "node.centre", style: { "border-width": 4, "width": 30, "height": 30, "font-weight": "bold" } },
      { selector: "node.anonymous", style: { "background-color": "#b1b4b6", "border-style": "dashed" } },
      { selector: "edge", style: { "width": 2, "curve-style": "bezier", "opacity": 0.85 } },
      { selector: ":selected", style: { "overlay-color": "#ffdd00", "overlay-opacity": 0.45, "overlay-padding": 6 } }
    ];
    Object.keys(COLOURS).forEach(function (kind) {
      rules.splice(1, 0, { selector: "node." + kind, style: { "background-color": COLOURS[kind], "shape": SHAPES[kind] } });
    });
    Object.keys(LINES).forEach(function (category) {
      rules.push({ selector: "edge." + category, style: { "line-style": LINES[category], "line-color": LINE_COLOURS[category] } });
    });
    rules.push({ selector: "node.anonymous", style: { "background-color": "#b1b4b6" } });
    return rules;
  }

  function draw(data) {
    if (cy) { cy.destroy(); }
    cy = cytoscape({
      container: container, elements: elements(data), style: style(), wheelSensitivity: 0.3,
      layout: { name: "concentric", concentric: function (n) { return 10 - n.data("hop"); },
                levelWidth: function () { return 1; }, minNodeSpacing: 70, spacingFactor: 1.1, animate: false }
    });
    cy.on("tap", "node, edge", function (event) { show(event.target.id(), false); });
    container.setAttribute("data-nodes", String(data.nodes.length));
    container.setAttribute("data-links", String(data.links.length));
  }

  function row(dt, dd) { return [el("dt", { text: dt }), el("dd", {}, [dd])]; }

  function details(item) {
    var body = [];
    if (item.source !== undefined) {
      body.push(el("h3", { text: item.label }));
      var list = el("dl", { "class": "network-facts" });
      [["Between", item.source_label + " and " + item.target_label], ["When", when(item)],
       ["Recorded by", item.agency || "not recorded"], ["How known", item.how_known || "not recorded"],
       ["Reliability", item.reliability || "not recorded"], ["Verified", item.verified ? "yes" : "no"]]
        .forEach(function (pair) { row(pair[0], pair[1]).forEach(function (n) { list.appendChild(n); }); });
      if (item.note) { row("Note", item.note).forEach(function (n) { list.appendChild(n); }); }
      body.push(list);
      if (item.events.length) {
        body.push(el("h4", { text: "Made from these events" }));
        body.push(el("ul", {}, item.events.map(function (ev) {
          return el("li", { text: ev.date + ": " + ev.label + " (" + ev.agency + ", event " + ev.id + ")" });
        })));
      }
      body.push(el("p", { "class": "hint", text: "Information from a record, not fact." }));
    } else {
      body.push(el("h3", { text: item.label }));
      var facts = el("dl", { "class": "network-facts" });
      [["Kind", item.kind + (item.anonymous ? " (you may not open their record)" : "")],
       ["Links from the centre", item.centre ? "centre" : String(item.hop)], ["About", item.detail || "–"]]
        .forEach(function (pair) { row(pair[0], pair[1]).forEach(function (n) { facts.appendChild(n); }); });
      body.push(facts);
      var actions = [];
      if (item.url) { actions.push(el("a", { href: item.url, text: "Open the record" })); }
      if (item.network_url && !item.centre) { actions.push(el("a", { href: item.network_url, text: "Network around " + item.label })); }
      if (actions.length) {
        body.push(el("ul", {}, actions.map(function (a) { return el("li", {}, [a]); })));
      }
    }
    return body;
  }

  function show(id, focus) {
    var item = byId[id];
    if (!item) { return; }
    var target = document.getElementById("network-details-body");
    target.textContent = "";
    details(item).forEach(function (n) { target.appendChild(n); });
    if (cy) {
      cy.elements().unselect();
      var chosen = cy.getElementById(id);
      if (chosen) { chosen.select(); }
    }
    if (focus) { document.getElementById("network-details").focus(); }
  }

  function detailsButton(id, what) {
    return el("button", { type: "button", "class": "link-button", "data-show": id }, ["Details", hidden(" of " + what)]);
  }

  function tables(data) {
    var nodes = document.getElementById("network-nodes");
    var links = document.getElementById("network-links");
    nodes.textContent = "";
    links.textContent = "";
    data.nodes.forEach(function (node) {
      var name = node.url ? el("a", { href: node.url, text: node.label }) : node.label;
      var actions = el("td", {}, [detailsButton(node.id, node.label)]);
      if (node.network_url && !node.centre) {
        actions.appendChild(document.createTextNode(" · "));
        actions.appendChild(el("a", { href: node.network_url }, ["Network around", hidden(" " + node.label)]));
      }
      nodes.appendChild(el("tr", { "data-id": node.id }, [el("td", {}, [name]), el("td", { text: node.kind }),
        el("td", { text: node.centre ? "centre" : String(node.hop) }), el("td", { text: node.detail }), actions]));
    });
    data.links.forEach(function (link) {
      links.appendChild(el("tr", { "data-id": link.id }, [
        el("td", { text: link.source_label }), el("td", { text: link.label }), el("td", { text: link.target_label }),
        el("td", { text: when(link) }), el("td", { text: link.agency || "not recorded" }),
        el("td", { text: link.how_known || "not recorded" }), el("td", { text: link.verified ? "yes" : "no" }),
        el("td", {}, [detailsButton(link.id, "this link")])]));
    });
    var legend = document.getElementById("network-legend");
    legend.textContent = "";
    if (!data.legend.length) { legend.appendChild(el("li", { text: "No links in this period." })); }
    data.legend.forEach(function (item) {
      legend.appendChild(el("li", {}, [el("span", { "class": "key-line key-" + item.category, "aria-hidden": "true" }),
        " " + item.label + " (" + item.count + ")"]));
    });
    var status = document.getElementById("network-status");
    status.textContent = data.nodes.length + " people, places and groups and " + data.links.length + " link" +
      (data.links.length === 1 ? "" : "s") + " · " + data.period.words + " · " + data.hops + " link" +
      (data.hops === 1 ? "" : "s") + " out" + (data.truncated ? " · the network was cut at its size limit (nearest first)" : "");
    var withheld = document.getElementById("network-withheld");
    document.getElementById("network-withheld-count").textContent = String(data.withheld);
    withheld.hidden = data.whole_picture || !data.withheld;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("[data-show]") : null;
    if (button) { show(button.getAttribute("data-show"), true); }
  });

  function clearErrors() {
    var old = form.querySelector(".error-summary");
    if (old) { old.parentNode.removeChild(old); }
  }

  function errors(messages) {
    clearErrors();
    var list = el("ul", {}, messages.map(function (m) { return el("li", { text: m }); }));
    var box = el("div", { "class": "error-summary", role: "alert" }, [el("h2", { text: "There is a problem" }), list]);
    form.insertBefore(box, form.firstChild);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var params = new URLSearchParams(new FormData(form));
    Array.from(params.keys()).forEach(function (key) { if (!params.get(key)) { params.delete(key); } });
    var status = document.getElementById("network-status");
    status.textContent = "Loading the network …";
    fetch(form.getAttribute("data-api") + "?" + params.toString(), { headers: { "Accept": "application/json" },
                                                                      credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      })
      .then(function (answer) {
        if (!answer.ok) {
          var messages = [];
          var found = (answer.body && answer.body.errors) || {};
          Object.keys(found).forEach(function (field) {
            found[field].forEach(function (e) { messages.push(e.message); });
          });
          errors(messages.length ? messages : ["The network could not be loaded."]);
          status.textContent = "The network was not changed.";
          return;
        }
        clearErrors();
        network = answer.body;
        draw(network);
        tables(network);
        document.getElementById("network-details-body").textContent = "Select a person, place or link in the graph, or “Details” in the tables below.";
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", window.location.pathname + (params.toString() ? "?" + params.toString() : ""));
        }
      })
      .catch(function () {
        errors(["The network could not be loaded. Check your connection and try again."]);
        status.textContent = "The network was not changed.";
      });
  });

  draw(network);
}());
