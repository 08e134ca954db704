// A small rich-text editor for the compose form: a contenteditable area with a toolbar.
// The server cleans whatever arrives (nh3); without JavaScript the plain textarea is used.
(function () {
  "use strict";
  var ACTIONS = [
    ["bold", "Gras"],
    ["italic", "Italique"],
    ["underline", "Souligné"],
    ["insertUnorderedList", "Liste à puces"],
    ["insertOrderedList", "Liste numérotée"]
  ];

  function build(textarea) {
    var form = textarea.form;
    var format = form.querySelector("[data-editor-format]");
    var label = document.querySelector("label[for='" + textarea.id + "']");
    var toolbar = document.createElement("div");
    toolbar.className = "editor__toolbar";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", "Mise en forme du message");
    var area = document.createElement("div");
    area.className = "field__input editor__area";
    area.id = textarea.id + "-editor";
    area.contentEditable = "true";
    area.setAttribute("role", "textbox");
    area.setAttribute("aria-multiline", "true");
    if (label) {
      label.id = label.id || textarea.id + "-label";
      area.setAttribute("aria-labelledby", label.id);
      label.removeAttribute("for");
      label.addEventListener("click", function () { area.focus(); });
    }
    area.innerHTML = textarea.value; // already cleaned by the server
    ACTIONS.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button button--quiet";
      button.textContent = action[1];
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        area.focus();
        document.execCommand(action[0], false, null);
        sync();
      });
      toolbar.appendChild(button);
    });
    function sync() {
      textarea.value = area.innerHTML;
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }
    area.addEventListener("input", function () { textarea.value = area.innerHTML; });
    if (format) format.value = "html";
    textarea.hidden = true;
    textarea.parentNode.insertBefore(toolbar, textarea);
    textarea.parentNode.insertBefore(area, textarea);
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("textarea[data-editor]"), build);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
