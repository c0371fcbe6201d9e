// Countdown of a timed attempt and its submission when time runs out. The remaining time
// comes from the server (the learner's clock may be wrong) and is measured here with the
// monotonic performance.now(). Screen readers hear it at 5 and 1 minutes only. Without
// JavaScript the deadline still shows as a time of day.
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

  var reloj = document.querySelector("[data-segundos-restantes]");
  if (!reloj) { return; }
  var fin = performance.now() + 1000 * Number(reloj.getAttribute("data-segundos-restantes"));
  var restante = reloj.querySelector("[data-restante]");
  var anuncio = reloj.querySelector("[data-anuncio]");
  var avisos = [
    { segundos: 300, texto: "Quedan 5 minutos.", dado: false },
    { segundos: 60, texto: "Queda 1 minuto.", dado: false }
  ];
  reloj.querySelector(".reloj-restante").hidden = false;

  function texto(segundos) {
    var m = Math.floor(segundos / 60), s = segundos % 60;
    return m + " min " + (s < 10 ? "0" : "") + s + " s";
  }
  function tic() {
    var segundos = Math.max(0, Math.ceil((fin - performance.now()) / 1000));
    restante.textContent = texto(segundos);
    avisos.forEach(function (aviso) {
      // A threshold, not an exact tick: throttled timers may skip the very second.
      if (!aviso.dado && segundos <= aviso.segundos && segundos > 0) {
        aviso.dado = true;
        anuncio.textContent = aviso.texto;
      }
    });
    if (segundos <= 60) { reloj.classList.add("reloj--poco"); }
    if (segundos === 0) {
      clearInterval(intervalo);
      anuncio.textContent = "Se acabó el tiempo; enviando tus respuestas.";
      if (!enviado) { enviado = true; formulario.submit(); }
    }
  }
  var intervalo = setInterval(tic, 1000);
  document.addEventListener("visibilitychange", tic);
  tic();
})();
