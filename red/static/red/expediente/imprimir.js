// The «Imprimir» button of a participant's record: shown only where JavaScript runs (without
// it, the browser's own print command gives the same printout, styled by @media print).
document.querySelectorAll("[data-expediente-imprimir]").forEach((boton) => {
  boton.hidden = false;
  boton.addEventListener("click", () => window.print());
});
