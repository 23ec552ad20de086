// The rows of a record in its obligation's columns (estructura/sipot/widgets.py): one
// labelled input per column, written back as the JSON the model stores. Without this script
// the JSON box stays; the server checks the values either way.
(function () {
  "use strict";

  var INPUT_TYPES = { fecha: "date", moneda: "number", numero: "number", url: "url", texto: "text" };

  function obligacionSelect(textarea) {
    var form = textarea.form || document;
    return form.querySelector('[name="obligacion"]');
  }

  function read(textarea) {
    try {
      var value = JSON.parse(textarea.value || "{}");
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch (error) {
      return {};
    }
  }

  function draw(textarea, holder) {
    var columnas = JSON.parse(textarea.dataset.filaColumnas || "{}");
    var select = obligacionSelect(textarea);
    var chosen = select ? columnas[select.value] : null;
    holder.textContent = "";
    if (!chosen || !chosen.length) {
      var note = document.createElement("p");
      note.className = "help";
      note.textContent = textarea.dataset.filaSinColumnas;
      holder.appendChild(note);
      textarea.hidden = false;
      return;
    }
    textarea.hidden = true;
    var values = read(textarea);
    chosen.forEach(function (columna, index) {
      var nombre = columna[0];
      var tipo = columna[1];
      var id = textarea.id + "-col-" + index;
      var field = document.createElement("div");
      field.className = "fila-formato__campo";
      var label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = nombre;
      var input = document.createElement("input");
      input.id = id;
      input.type = INPUT_TYPES[tipo] || "text";
      if (tipo === "moneda") {
        input.step = "0.01";
        input.inputMode = "decimal";
      }
      input.value = values[nombre] == null ? "" : String(values[nombre]);
      input.dataset.columna = nombre;
      input.addEventListener("input", function () {
        var current = read(textarea);
        current[nombre] = input.value;
        textarea.value = JSON.stringify(current);
      });
      field.appendChild(label);
      field.appendChild(input);
      holder.appendChild(field);
    });
  }

  function enhance(textarea) {
    if (textarea.dataset.filaListo) {
      return;
    }
    textarea.dataset.filaListo = "1";
    var holder = document.createElement("div");
    holder.className = "fila-formato";
    textarea.parentNode.insertBefore(holder, textarea);
    draw(textarea, holder);
    var select = obligacionSelect(textarea);
    if (select) {
      select.addEventListener("change", function () {
        draw(textarea, holder);
      });
    }
  }

  function enhanceAll(root) {
    // The empty form Wagtail keeps as a template for "add a row" is left alone until it is
    // copied into the page.
    root.querySelectorAll("textarea[data-fila-columnas]").forEach(function (textarea) {
      if (!textarea.closest("template") && !/__prefix__/.test(textarea.name)) {
        enhance(textarea);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceAll(document);
    new MutationObserver(function () {
      enhanceAll(document);
    }).observe(document.body, { childList: true, subtree: true });
  });
})();
