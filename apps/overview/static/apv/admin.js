// Lists as cards on a phone: each cell learns its column's name (data-label), which the
// stylesheet shows before the value when the table is laid out as cards. Without this script
// the cards still show the values; nothing depends on it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("#result_list")) {
    const labels = [...table.querySelectorAll("thead th")].map((th) => th.innerText.trim());
    for (const row of table.querySelectorAll("tbody tr")) {
      [...row.children].forEach((cell, index) => {
        if (labels[index]) cell.dataset.label = labels[index];
      });
    }
  }
});

// The admin's search-as-you-type fields (select2) draw a box of their own in front of the real
// <select>, and redraw it when a value is chosen: give that box the field's name each time, so
// screen readers announce it (WCAG 4.1.2).
function nameSelect2Boxes() {
  for (const box of document.querySelectorAll(".select2-selection[role=combobox]")) {
    const select = box.closest(".select2")?.previousElementSibling;
    const label = select && select.id && document.querySelector(`label[for="${select.id}"]`);
    if (!label) continue;
    const name = label.textContent.replace(/:\s*$/, "").trim();
    for (const part of [box, ...box.querySelectorAll("[role=textbox]")]) {
      if (part.getAttribute("aria-label") !== name) part.setAttribute("aria-label", name);
    }
  }
}
document.addEventListener("DOMContentLoaded", () => {
  nameSelect2Boxes();
  new MutationObserver(nameSelect2Boxes).observe(document.body, { childList: true, subtree: true });
});
