/* newstrace: hover links between highlights and the attribution list, and lines between
   aligned sentences in the family view. Reads only data- attributes; never builds HTML. */
(function () {
  "use strict";

  function scopeOf(el) { return el.closest(".layout-article") || document; }

  function setActive(el, on) {
    var ids = (el.getAttribute("data-attr") || "").split(" ");
    var scope = scopeOf(el);
    ids.forEach(function (id) {
      if (!id) return;
      scope.querySelectorAll("[data-attr]").forEach(function (x) {
        if ((x.getAttribute("data-attr") || "").split(" ").indexOf(id) >= 0) x.classList.toggle("active", on);
      });
    });
  }

  function wireHover() {
    document.querySelectorAll(".hl[data-attr], .att[data-attr]").forEach(function (el) {
      el.addEventListener("mouseenter", function () { setActive(el, true); });
      el.addEventListener("mouseleave", function () { setActive(el, false); });
    });
  }

  var SVG = "http://www.w3.org/2000/svg";

  function drawFamily(view) {
    var svg = view.querySelector("svg.family-links");
    if (!svg || view.offsetParent === null) return;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var box = view.getBoundingClientRect();
    view.querySelectorAll(".link-data li").forEach(function (li) {
      var l = document.getElementById(li.getAttribute("data-l"));
      var r = document.getElementById(li.getAttribute("data-r"));
      if (!l || !r) return;
      var lc = l.closest(".text").getBoundingClientRect(), rc = r.closest(".text").getBoundingClientRect();
      var lr = l.getClientRects(), rr = r.getClientRects();
      if (!lr.length || !rr.length) return;
      var y1 = (lr[0].top + lr[lr.length - 1].bottom) / 2 - box.top;
      var y2 = (rr[0].top + rr[rr.length - 1].bottom) / 2 - box.top;
      var line = document.createElementNS(SVG, "line");
      line.setAttribute("x1", lc.right - box.left); line.setAttribute("y1", y1);
      line.setAttribute("x2", rc.left - box.left); line.setAttribute("y2", y2);
      line.setAttribute("class", li.getAttribute("data-rel") || "");
      line.setAttribute("data-l", l.id); line.setAttribute("data-r", r.id);
      svg.appendChild(line);
    });
  }

  function wireFamily(view) {
    view.querySelectorAll(".sent").forEach(function (s) {
      function toggle(on) {
        s.classList.toggle("active", on);
        (s.getAttribute("data-partners") || "").split(" ").forEach(function (id) {
          var p = id && document.getElementById(id);
          if (p) p.classList.toggle("active", on);
        });
        view.querySelectorAll("svg.family-links line").forEach(function (ln) {
          if (ln.getAttribute("data-l") === s.id || ln.getAttribute("data-r") === s.id) ln.classList.toggle("active", on);
        });
      }
      s.addEventListener("mouseenter", function () { toggle(true); });
      s.addEventListener("mouseleave", function () { toggle(false); });
    });
  }

  function drawAll() { document.querySelectorAll(".family-view").forEach(drawFamily); }

  /* Static report: show the section named by the URL fragment (#corpus when none). */
  function showSection() {
    var root = document.querySelector(".report");
    if (!root) return;
    var id = decodeURIComponent((location.hash || "#corpus").slice(1));
    var target = document.getElementById(id);
    if (!target || !target.classList.contains("view")) target = document.getElementById("corpus");
    root.querySelectorAll("section.view").forEach(function (s) { s.classList.toggle("shown", s === target); });
    window.scrollTo(0, 0);
    drawAll();
  }

  function sizeBars() {
    document.querySelectorAll(".bar .seg[data-n]").forEach(function (seg) {
      seg.style.flex = String(parseInt(seg.getAttribute("data-n"), 10) || 0);
    });
  }

  function init() {
    sizeBars();
    wireHover();
    document.querySelectorAll(".family-view").forEach(wireFamily);
    window.addEventListener("resize", drawAll);
    window.addEventListener("hashchange", showSection);
    showSection();
    drawAll();
    window.__newstraceReady = true;
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
