// Every form shows that it is working once sent: its submit button says "Enviando…" beside a
// spinner, is marked aria-busy and is disabled, so a slow answer (a course completed, a
// certificate issued) is not a silent wait and a second press sends nothing twice. The text
// comes from the page (<body data-texto-enviando>), translated. A static file, not an inline
// script (the Content-Security-Policy forbids those). Without JavaScript the form simply sends.
(function () {
  "use strict";
  var texto = document.body.getAttribute("data-texto-enviando") || "Enviando…";

  function botonDe(evento) {
    var formulario = evento.target;
    var boton = evento.submitter;
    if (!boton || boton.form !== formulario) {
      boton = formulario.querySelector("button[type=submit], button:not([type]), input[type=submit]");
    }
    return boton;
  }

  document.addEventListener("submit", function (evento) {
    var formulario = evento.target;
    if (evento.defaultPrevented || formulario.hasAttribute("data-sin-espera")) { return; }
    if (formulario.getAttribute("aria-busy") === "true") { evento.preventDefault(); return; }
    var boton = botonDe(evento);
    formulario.setAttribute("aria-busy", "true");
    if (!boton) { return; }
    boton.setAttribute("data-texto-original", boton.tagName === "INPUT" ? boton.value : boton.innerHTML);
    boton.setAttribute("aria-busy", "true");
    boton.setAttribute("aria-disabled", "true");
    boton.classList.add("enviando");
    if (boton.tagName === "INPUT") {
      boton.value = texto;
    } else {
      boton.textContent = "";
      var girador = document.createElement("span");
      girador.className = "girador";
      girador.setAttribute("aria-hidden", "true");
      boton.appendChild(girador);
      boton.appendChild(document.createTextNode(" " + texto));
    }
    // Disabled only after this event: the form's data (the submitter's own name and value
    // among it) is gathered once the event is over, and a disabled button would be left out.
    window.setTimeout(function () { boton.disabled = true; }, 0);
  });

  // Back to a page the browser kept in memory: its buttons work again.
  window.addEventListener("pageshow", function (evento) {
    if (!evento.persisted) { return; }
    document.querySelectorAll("form[aria-busy=true]").forEach(function (formulario) {
      formulario.removeAttribute("aria-busy");
    });
    document.querySelectorAll(".enviando").forEach(function (boton) {
      var original = boton.getAttribute("data-texto-original");
      if (boton.tagName === "INPUT") { boton.value = original; } else { boton.innerHTML = original; }
      boton.disabled = false;
      boton.classList.remove("enviando");
      boton.removeAttribute("aria-busy");
      boton.removeAttribute("aria-disabled");
    });
  });
})();
