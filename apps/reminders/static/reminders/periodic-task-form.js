// django-celery-beat's periodic task form (templates/admin/djcelery/change_periodictask_form.html):
// what its inline script did, from a file. The crontab's help text tells the chosen schedule in
// words, and the read-only copy of those words is hidden.
(function () {
  "use strict";
  const data = document.getElementById("readable-crontabs");
  const select = document.getElementById("id_crontab");
  const help = document.querySelector(".field-crontab .help");
  if (!data || !select) { return; }
  const readable = JSON.parse(data.textContent);
  const original = help ? help.textContent.trim() : "";
  document.querySelectorAll(".field-crontab_translation").forEach((row) => { row.style.display = "none"; });
  function explain() {
    const words = readable[select.value];
    if (help) { help.replaceChildren(original, ...(words ? [document.createElement("br"), words] : [])); }
  }
  select.addEventListener("change", explain);
  explain();
})();
