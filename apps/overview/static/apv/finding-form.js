// The factor of a finding, found by the words people use: a search box in front of the
// grouped list hides the factors that do not match the name, the domain or the common words
// (data-keywords). Without this script the grouped list works as it is.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("select.apv-factor");
  if (!select) return;
  const search = document.createElement("input");
  search.type = "search";
  search.className = "apv-factor-search";
  search.placeholder = select.dataset.searchPlaceholder || "Søg: fx pause, støj, skæld ud";
  search.setAttribute("aria-label", search.placeholder);
  search.setAttribute("aria-controls", select.id);
  select.before(search);
  const normalise = (text) => text.toLocaleLowerCase("da");
  search.addEventListener("input", () => {
    const words = normalise(search.value).split(/\s+/).filter(Boolean);
    let first = null;
    for (const option of select.querySelectorAll("option")) {
      if (!option.value) continue;
      const group = option.parentElement.label || "";
      const text = normalise(`${option.text} ${group} ${option.dataset.keywords || ""}`);
      const match = words.every((word) => text.includes(word));
      option.hidden = !match;
      if (match && first === null) first = option;
    }
    for (const group of select.querySelectorAll("optgroup")) {
      group.hidden = ![...group.children].some((option) => !option.hidden);
    }
    const current = select.selectedOptions[0];
    if (first && (!current || !current.value || current.hidden)) select.value = first.value;
  });
});
