// The list's "select every row on this page" box (the rows stay selectable one by one without it).
document.addEventListener("DOMContentLoaded", function () {
  var all = document.getElementById("pick-all");
  if (!all) return;
  all.addEventListener("change", function () {
    document.querySelectorAll('input[name="ids"]').forEach(function (box) { box.checked = all.checked; });
  });
});
