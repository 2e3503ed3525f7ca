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
      // what "Find" searches: the texts and the flags, not the labels of the number cells
      text: Array.prototype.map.call(row.querySelectorAll("td.text, td.flags"), function (cell) {
        return cell.textContent;
      }).join("\n").toLowerCase()
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

  // "accept" boxes: the ticked flags become a baseline file, written exactly as Baseline.save writes
  // it (same fields, order and JSON layout), built here and saved through a Blob: nothing is fetched.
  var acceptBoxes = all("input.accept-box");
  var download = document.getElementById("baseline-download");
  var acceptedCount = document.getElementById("baseline-count");
  var entryFields = ["fingerprint", "code", "document", "source", "target", "message"];

  // Python sorts strings by code point; JavaScript's < compares UTF-16 units, which differs past U+FFFF.
  function byCodePoint(a, b) {
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i);
      var y = b.codePointAt(j);
      if (x !== y) { return x < y ? -1 : 1; }
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    return (i < a.length ? 1 : 0) - (j < b.length ? 1 : 0);
  }

  function accepted() { return acceptBoxes.filter(function (box) { return box.checked; }); }

  function baselineText() {
    var entries = accepted().map(function (box) {
      var entry = {};
      entryFields.forEach(function (name) { entry[name] = box.getAttribute("data-" + name); });
      return entry;
    });
    entries.sort(function (a, b) {
      return byCodePoint(a.document, b.document) || byCodePoint(a.code, b.code) ||
        byCodePoint(a.fingerprint, b.fingerprint) || byCodePoint(a.message, b.message);
    });
    return JSON.stringify({ tool: "tqcheck", version: 1, entries: entries }, null, 2) + "\n";
  }

  function countAccepted() {
    var count = accepted().length;
    acceptedCount.textContent = String(count);
    download.disabled = count === 0;
    acceptBoxes.forEach(function (box) { box.closest("li").classList.toggle("accepted", box.checked); });
  }

  acceptBoxes.forEach(function (box) {
    box.parentNode.hidden = false;
    box.addEventListener("change", countAccepted);
  });
  download.addEventListener("click", function () {
    var url = URL.createObjectURL(new Blob([baselineText()], { type: "application/json" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = "tqcheck-baseline.json";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  });
  countAccepted();

  bar.hidden = false;
  stick();
  window.addEventListener("resize", stick);
  apply();
})();
