/* llm-kg lineage page: draws the JSON island with vis-network, adds search,
 * click-to-highlight lineage and a details panel.
 * SAFETY: every label, fact and quote comes from documents.  It only reaches the
 * page through textContent / innerText / option.value (never innerHTML), and
 * tooltips are plain strings, which vis-network shows with innerText. */
(function () {
  "use strict";
  var t0 = performance.now();
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta;
  var container = document.getElementById("kg-network");
  var statusEl = document.getElementById("kg-status");
  var info = document.getElementById("kg-info");

  function status(text, warn) {
    statusEl.textContent = text;
    statusEl.className = warn ? "kg-warn" : "";
  }

  // keep the original colours so a highlight can be undone
  var original = {};
  data.nodes.forEach(function (n) { original[n.id] = { color: n.color, font: n.font }; });
  var edgeOriginal = {};
  data.edges.forEach(function (e, i) {
    e.id = "e" + i;
    edgeOriginal[e.id] = e.color;
  });

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);

  // adjacency over lineage edges; vis edges go parent -> child
  var parents = {}, children = {}, byId = {};
  data.nodes.forEach(function (n) { parents[n.id] = []; children[n.id] = []; byId[n.id] = n; });
  data.edges.forEach(function (e) {
    if (!e.lineage) { return; }
    children[e.from].push(e.to);
    parents[e.to].push(e.from);
  });

  function walk(start, step) {
    var seen = {}, queue = [start], out = [];
    seen[start] = true;
    while (queue.length) {
      var n = queue.shift();
      (step[n] || []).forEach(function (m) {
        if (!seen[m]) { seen[m] = true; out.push(m); queue.push(m); }
      });
    }
    return out;
  }

  var FADE_NODE = { background: "#f3f4f6", border: "#d1d5db" };
  var FADE_FONT = { color: "#c0c4cc" };
  var FADE_EDGE = { color: "#e5e7eb", opacity: 0.6 };
  var highlighted = null;

  function highlight(id) {
    var up = walk(id, parents), down = walk(id, children);
    var keep = {};
    keep[id] = true;
    up.concat(down).forEach(function (n) { keep[n] = true; });
    // a node's organization / technique neighbours stay visible too
    data.edges.forEach(function (e) {
      if (!e.lineage && (e.to === id)) { keep[e.from] = true; }
    });
    var nodeUpdates = data.nodes.map(function (n) {
      return keep[n.id] ? { id: n.id, color: original[n.id].color, font: original[n.id].font || { color: "#111827" } }
                        : { id: n.id, color: FADE_NODE, font: FADE_FONT };
    });
    var edgeUpdates = data.edges.map(function (e) {
      var on = keep[e.from] && keep[e.to];
      return { id: e.id, color: on ? edgeOriginal[e.id] : FADE_EDGE };
    });
    nodes.update(nodeUpdates);
    edges.update(edgeUpdates);
    highlighted = { id: id, ancestors: up, descendants: down };
    window.kgHighlighted = highlighted;
    showInfo(id, up, down);
  }

  function reset() {
    if (!highlighted) { return; }
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, color: original[n.id].color, font: original[n.id].font || { color: "#111827" } };
    }));
    edges.update(data.edges.map(function (e) { return { id: e.id, color: edgeOriginal[e.id] }; }));
    highlighted = null;
    window.kgHighlighted = null;
    network.unselectAll();
  }

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) { x.textContent = String(text); }
    if (cls) { x.className = cls; }
    return x;
  }

  function nodeButton(id) {
    var b = el("button", byId[id] ? byId[id].label : id, "kg-link");
    b.type = "button";
    b.addEventListener("click", function () { choose(id); });
    return b;
  }

  function showInfo(id, up, down) {
    var n = byId[id];
    info.replaceChildren();
    info.appendChild(el("h2", n.label));
    info.appendChild(el("div", n.cls + " · id:" + n.id, "kg-src"));
    var dl = el("dl");
    (n.facts || []).forEach(function (f) { dl.appendChild(el("dt", f[0])); dl.appendChild(el("dd", f[1])); });
    info.appendChild(dl);
    var lin = data.edges.filter(function (e) { return e.lineage && (e.from === id || e.to === id); });
    if (lin.length) {
      info.appendChild(el("h3", "Lineage links"));
      var ul = el("ul");
      lin.forEach(function (e) {
        var li = el("li");
        var other = e.from === id ? e.to : e.from;
        li.appendChild(el("span", (e.from === id ? "base of (" : "is (") + e.kinds.join(" + ") + ") "));
        li.appendChild(nodeButton(other));
        li.appendChild(el("div", e.title.split("\n").slice(1).join("\n"), "kg-quote"));
        ul.appendChild(li);
      });
      info.appendChild(ul);
    }
    info.appendChild(el("p", up.length + " ancestors, " + down.length + " descendants highlighted.", "kg-hint"));
  }

  function choose(id) {
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 400 } });
    highlight(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { highlight(params.nodes[0]); }
    else if (!params.edges.length) { reset(); info.replaceChildren(el("p", "Click a model to highlight its ancestors and descendants.", "kg-hint")); }
  });

  // ---- search by any label (same matching rule as kg.graph.lookup.label_key)
  function key(s) {
    return String(s).normalize("NFKC").toLowerCase().replace(/[\s\-_\u00b7\u30fb\u2027]+/g, "");
  }
  var index = [];
  var datalist = document.getElementById("kg-labels");
  var frag = document.createDocumentFragment();
  data.nodes.forEach(function (n) {
    (n.labels || [n.label]).forEach(function (l) {
      index.push([key(l), n.id]);
      if (data.nodes.length <= 5000) {
        var o = document.createElement("option");
        o.value = l;
        frag.appendChild(o);
      }
    });
  });
  datalist.appendChild(frag);

  function find(q) {
    var k = key(q);
    if (!k) { return null; }
    var i, prefix = null, sub = null;
    for (i = 0; i < index.length; i++) {
      if (index[i][0] === k) { return index[i][1]; }
      if (prefix === null && index[i][0].indexOf(k) === 0) { prefix = index[i][1]; }
      if (sub === null && index[i][0].indexOf(k) > 0) { sub = index[i][1]; }
    }
    return prefix !== null ? prefix : sub;
  }

  var input = document.getElementById("kg-search");
  document.getElementById("kg-search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var id = find(input.value);
    if (id === null) { status("No node named “" + input.value + "”", true); return; }
    status("Found " + byId[id].label);
    choose(id);
  });
  input.addEventListener("change", function () {
    var id = find(input.value);
    if (id !== null && key(byId[id].label) === key(input.value)) { choose(id); }
  });
  document.getElementById("kg-reset").addEventListener("click", function () {
    reset();
    input.value = "";
    status("");
    network.fit();
  });

  // ---- "stable" = laid out and drawn; tests and bench/viz_bench.py wait for it
  function stable() {
    if (window.kgStable) { return; }
    window.kgStable = true;
    window.kgStableMs = performance.now();
    window.kgScriptMs = performance.now() - t0;
    if (meta.physics) { network.setOptions({ physics: { enabled: false } }); }
    status(meta.nodeCount > 1500 ? "Large graph: hover tooltips off, use search / click." : "");
  }
  if (meta.physics) {
    network.once("stabilizationIterationsDone", function () { network.fit(); stable(); });
  } else {
    network.once("afterDrawing", stable);
  }
  window.kgNetwork = network;
  window.kgFind = find;
  window.kgHighlight = choose;
}());
