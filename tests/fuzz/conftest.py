"""The fuzz suite's status histogram, printed at the end of the run."""

from collections import Counter, defaultdict

HISTOGRAMA: dict[str, Counter] = defaultdict(Counter)


def pytest_terminal_summary(terminalreporter):
    if not HISTOGRAMA:
        return
    escribir = terminalreporter.write_line
    terminalreporter.section("fuzz: respuestas por ruta (código: cuántas)")
    total = Counter()
    for ruta in sorted(HISTOGRAMA):
        cuenta = HISTOGRAMA[ruta]
        total.update(cuenta)
        detalle = "  ".join(f"{codigo}: {n}" for codigo, n in sorted(cuenta.items()))
        escribir(f"{sum(cuenta.values()):6d}  {ruta}  [{detalle}]")
    detalle = "  ".join(f"{codigo}: {n}" for codigo, n in sorted(total.items()))
    escribir(f"TOTAL {sum(total.values())} peticiones en {len(HISTOGRAMA)} rutas  [{detalle}]")
    escribir(f"Errores del servidor (5xx): {sum(n for c, n in total.items() if c >= 500)}")
