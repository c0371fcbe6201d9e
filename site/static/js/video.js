// A video's player is loaded only when the learner asks for it: pressing the placeholder
// (a link to the video's page, so it works without JavaScript) puts the platform's player
// in its place, in its privacy-enhanced mode (the address comes from cursos/videos.py), and
// moves the focus to it. Keyboard: Enter or Space. A static file: no inline script (CSP).
(function () {
  "use strict";

  function cargar(enlace) {
    var marco = enlace.parentNode;
    var src = enlace.getAttribute("data-src");
    var reproductor;
    if (src) {
      reproductor = document.createElement("iframe");
      reproductor.src = src;
      reproductor.title = enlace.getAttribute("data-titulo") || "";
      reproductor.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      reproductor.setAttribute("allowfullscreen", "");
      reproductor.referrerPolicy = "strict-origin-when-cross-origin";
    } else {
      var plantilla = marco.querySelector("template");
      if (!plantilla) { return false; }
      reproductor = document.createElement("div");
      reproductor.className = "video-incrustado";
      reproductor.appendChild(plantilla.content.cloneNode(true));
    }
    marco.replaceChild(reproductor, enlace);
    reproductor.setAttribute("tabindex", "-1");
    reproductor.focus();
    return true;
  }

  document.querySelectorAll("a[data-video]").forEach(function (enlace) {
    enlace.setAttribute("role", "button");
    enlace.addEventListener("click", function (evento) {
      if (cargar(enlace)) { evento.preventDefault(); }
    });
    enlace.addEventListener("keydown", function (evento) {
      if (evento.key === " ") { evento.preventDefault(); if (cargar(enlace)) { return; } enlace.click(); }
    });
  });

  // "Ir a la transcripción" opens it, too.
  document.querySelectorAll("a[data-abrir-transcripcion]").forEach(function (enlace) {
    enlace.addEventListener("click", function () {
      var destino = document.getElementById(enlace.getAttribute("href").slice(1));
      if (destino) { destino.open = true; }
    });
  });
})();
