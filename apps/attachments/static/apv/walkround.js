// The walk-round form: a phone's photo is shrunk in the browser before it is sent (at most
// 2000 px on the long side, JPEG at 0.85), so an upload over a weak connection takes seconds,
// not minutes. Where the browser cannot (no canvas, no DataTransfer, a format it cannot draw),
// the original file is sent as it is; the server checks and cleans it either way.
(function () {
  "use strict";
  var MAX_SIDE = 2000;
  var QUALITY = 0.85;

  function shrink(file, done) {
    if (!file || !/^image\//.test(file.type) || !window.URL || !window.DataTransfer) {
      return done(null);
    }
    var url = URL.createObjectURL(file);
    var image = new Image();
    image.onload = function () {
      var scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(image.naturalWidth * scale);
      canvas.height = Math.round(image.naturalHeight * scale);
      var context = canvas.getContext && canvas.getContext("2d");
      URL.revokeObjectURL(url);
      if (!context || !canvas.toBlob) { return done(null); }
      context.drawImage(image, 0, 0, canvas.width, canvas.height);
      canvas.toBlob(function (blob) {
        if (!blob || blob.size >= file.size) { return done(null); }
        var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
        done(new File([blob], name, { type: "image/jpeg" }));
      }, "image/jpeg", QUALITY);
    };
    image.onerror = function () { URL.revokeObjectURL(url); done(null); };
    image.src = url;
  }

  document.addEventListener("DOMContentLoaded", function () {
    var input = document.querySelector("input.apv-walkround-photo");
    if (!input) { return; }
    var form = input.form;
    var status = form.querySelector(".apv-walkround-status");
    var submit = form.querySelector("input[type=submit]");
    function chosen() {
      var file = input.files && input.files[0];
      if (!file || input.dataset.shrunk) { return; }
      submit.disabled = true;
      shrink(file, function (smaller) {
        if (smaller) {
          var transfer = new DataTransfer();
          transfer.items.add(smaller);
          input.files = transfer.files;
          input.dataset.shrunk = "true";
        }
        if (status) { status.textContent = (input.files[0] || file).name; }
        submit.disabled = false;
      });
    }
    input.addEventListener("change", function () {
      delete input.dataset.shrunk;
      chosen();
    });
    // A photo chosen before this script ran (a slow phone, a page restored from the cache).
    chosen();
  });
})();
