// The HTML report's filters, ordering and highlight linking, inlined into the page by html_report.
// It reads everything from the DOM and escaped data- attributes; the page works without it.
(function () {
  "use strict";
  var table = document.getElementById("alignments");
  var bar = document.getElementById("filters");
  if (!table || !bar) { return; }
  var all = function (selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); };
  var tbody = table.tBodies[0];
  var codeSel = document.getElementById("f-code");
  var sevSel = document.getElementById("f-sev");
  var flaggedBox = document.getElementById("f-flagged");
  var findBox = document.getElementById("f-text");
  var orderSel = document.getElementById("f-order");
  var counter = document.getElementById("f-count");
  var chips = all(".chip[data-code]");
  var bars = all("#chart a[data-row]");
  var marks = all("[data-fids]");
  var flagById = {};
  var items = Array.prototype.slice.call(tbody.rows).map(function (row) {
    var flags = Array.prototype.slice.call(row.querySelectorAll("li.flag")).map(function (li) {
      var flag = { li: li, code: li.getAttribute("data-code"), rank: Number(li.getAttribute("data-rank")) };
      flagById[li.getAttribute("data-fid")] = flag;
      return flag;
    });
    var fid = row.getAttribute("data-fid");
    return {
      row: row, flags: flags, pos: Number(row.getAttribute("data-pos")),
      rank: Number(row.getAttribute("data-rank")), fid: fid === "" ? 2 : Number(fid),
      text: row.textContent.toLowerCase()
    };
  });
  var markFlags = marks.map(function (mark) {
    return mark.getAttribute("data-fids").split(" ").map(function (id) { return flagById[id]; })
      .filter(Boolean);
  });

  function matches(flag, code, min) { return (code === "" || flag.code === code) && flag.rank >= min; }

  function apply() {
    var code = codeSel.value;
    var min = Number(sevSel.value);
    var needle = findBox.value.trim().toLowerCase();
    var byFlag = code !== "" || min >= 0;
    var shown = 0;
    items.forEach(function (item) {
      var ok = byFlag
        ? item.flags.some(function (flag) { return matches(flag, code, min); })
        : !flaggedBox.checked || item.flags.length > 0;
      if (ok && needle) { ok = item.text.indexOf(needle) !== -1; }
      item.row.hidden = !ok;
      item.flags.forEach(function (flag) {
        flag.li.classList.toggle("dim", byFlag && !matches(flag, code, min));
      });
      if (ok) { shown += 1; }
    });
    marks.forEach(function (mark, i) {
      var keep = !byFlag || markFlags[i].some(function (flag) { return matches(flag, code, min); });
      mark.classList.toggle("dim", !keep);
    });
    bars.forEach(function (a) {
      var row = document.getElementById(a.getAttribute("data-row"));
      a.classList.toggle("filtered-out", !!row && row.hidden);
    });
    chips.forEach(function (chip) {
      chip.classList.toggle("active", code !== "" && chip.getAttribute("data-code") === code);
    });
    counter.textContent = shown + " of " + items.length + " alignments shown";
  }

  function reorder() {
    var how = orderSel.value;
    items.slice().sort(function (a, b) {
      if (how === "worst" && a.rank !== b.rank) { return b.rank - a.rank; }
      if (how !== "doc" && a.fid !== b.fid) { return a.fid - b.fid; }
      return a.pos - b.pos;
    }).forEach(function (item) { tbody.appendChild(item.row); });
  }

  function reset() {
    codeSel.value = "";
    sevSel.value = "-1";
    flaggedBox.checked = false;
    findBox.value = "";
    apply();
  }

  function stick() { document.documentElement.style.setProperty("--sticky", bar.offsetHeight + "px"); }

  [codeSel, sevSel, flaggedBox].forEach(function (el) { el.addEventListener("change", apply); });
  findBox.addEventListener("input", apply);
  orderSel.addEventListener("change", reorder);
  document.getElementById("f-reset").addEventListener("click", function () {
    orderSel.value = "doc";
    reorder();
    reset();
  });
  chips.forEach(function (chip) {
    chip.addEventListener("click", function () {
      var code = chip.getAttribute("data-code");
      codeSel.value = codeSel.value === code ? "" : code;
      apply();
      bar.scrollIntoView({ block: "start" });
    });
  });
  bars.forEach(function (a) {
    a.addEventListener("click", function () {
      var row = document.getElementById(a.getAttribute("data-row"));
      if (row && row.hidden) { reset(); }
    });
  });
  Object.keys(flagById).forEach(function (id) {
    var flag = flagById[id];
    var targets = marks.filter(function (mark, i) { return markFlags[i].indexOf(flag) !== -1; });
    var on = function () { targets.forEach(function (mark) { mark.classList.add("active"); }); };
    var off = function () { targets.forEach(function (mark) { mark.classList.remove("active"); }); };
    flag.li.addEventListener("mouseenter", on);
    flag.li.addEventListener("mouseleave", off);
  });
  bar.hidden = false;
  stick();
  window.addEventListener("resize", stick);
  apply();
})();
