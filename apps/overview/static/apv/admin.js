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
