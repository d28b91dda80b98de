// Keyboard shortcuts for the review queue: j/k move, a approve, r reject, p pin, o open.
// Progressive: every action is a plain form that works without this file.
(function () {
  "use strict";
  function items() { return Array.prototype.slice.call(document.querySelectorAll(".queue .item")); }
  function current() { return document.querySelector(".queue .item.current"); }
  function select(el) {
    if (!el) { return; }
    var old = current();
    if (old) { old.classList.remove("current"); }
    el.classList.add("current");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
    if (history.replaceState) { history.replaceState(null, "", "#" + el.dataset.key); }
  }
  function move(step) {
    var all = items();
    if (!all.length) { return; }
    var i = all.indexOf(current());
    select(all[Math.max(0, Math.min(all.length - 1, i < 0 ? 0 : i + step))]);
  }
  function press(selector) {
    var el = current();
    var button = el && el.querySelector(selector);
    if (button) { button.click(); }
  }
  function typing(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  var keys = {
    j: function () { move(1); },
    k: function () { move(-1); },
    a: function () { press("button.approve"); },
    r: function () { press("button.reject"); },
    p: function () { press("button.pin"); },
    o: function () { var el = current(); var a = el && el.querySelector("a.open"); if (a) { a.click(); } }
  };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var action = keys[event.key];
    if (action) { event.preventDefault(); action(); }
  });
  document.addEventListener("click", function (event) {
    var item = event.target.closest && event.target.closest(".queue .item");
    if (item && !current()) { select(item); }
  });
  document.addEventListener("DOMContentLoaded", function () {
    var all = items();
    if (!all.length) { return; }
    var wanted = location.hash && document.getElementById(location.hash.slice(1));
    select(wanted && wanted.classList.contains("item") ? wanted : all[0]);
  });
})();
