// Countdown of a timed attempt, announced to screen readers at a few moments only, and the
// form submitted when time runs out. Without JavaScript the deadline still shows as a time.
(function () {
  "use strict";
  var formulario = document.querySelector("[data-intento]");
  if (!formulario) { return; }
  var enviado = false;
  formulario.addEventListener("submit", function (evento) {
    if (enviado) { evento.preventDefault(); return; }
    enviado = true;
    var boton = formulario.querySelector("button[type=submit]");
    if (boton) { boton.setAttribute("aria-disabled", "true"); }
  });
  var error = document.getElementById("error-envio");
  if (error) { error.focus(); }

  var reloj = document.querySelector("[data-fecha-limite]");
  if (!reloj) { return; }
  var limite = new Date(reloj.getAttribute("data-fecha-limite")).getTime();
  var restante = reloj.querySelector("[data-restante]");
  var anuncio = reloj.querySelector("[data-anuncio]");
  var avisos = { 300: "Quedan 5 minutos.", 60: "Queda 1 minuto." };
  reloj.querySelector(".reloj-restante").hidden = false;

  function texto(segundos) {
    var m = Math.floor(segundos / 60), s = segundos % 60;
    return m + " min " + (s < 10 ? "0" : "") + s + " s";
  }
  function tic() {
    var segundos = Math.max(0, Math.round((limite - Date.now()) / 1000));
    restante.textContent = texto(segundos);
    if (avisos[segundos]) { anuncio.textContent = avisos[segundos]; }
    if (segundos <= 60) { reloj.classList.add("reloj--poco"); }
    if (segundos === 0) {
      clearInterval(intervalo);
      anuncio.textContent = "Se acabó el tiempo; enviando tus respuestas.";
      if (!enviado) { enviado = true; formulario.submit(); }
    }
  }
  var intervalo = setInterval(tic, 1000);
  tic();
})();
