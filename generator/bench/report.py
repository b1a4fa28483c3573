"""The results table: one row per measure, sdkgen next to the peer, ratio and target."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from generator.bench.measure import ratio

IMPORT_TARGET_SECONDS = 0.150
CALL_TARGET_RATIO = 1.10
GENERATE_TIME_TARGET = 0.5
GENERATE_MEMORY_TARGET = 1.0
FLEET_UNCHANGED_TARGET_SECONDS = 2.0
DIFF_TARGET_SECONDS = 3.0
GRAPH_TARGET_SECONDS = 10.0  # a diff whose work would multiply with the paths takes hours


@dataclass(frozen=True)
class Row:
    measure: str
    sdkgen: str
    peer: str
    ratio: str
    target: str
    met: str  # "yes", "NO", or "-" (nothing to compare)

    def to_json(self) -> dict[str, str]:
        return asdict(self)


def _met(ok: bool | None) -> str:
    return "-" if ok is None else ("yes" if ok else "NO")


def _ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f} s"


def _generation_rows(label: str, entry: dict[str, Any]) -> list[Row]:
    ours, theirs = entry["sdkgen"], entry["peer"]
    fail = f"fails: {theirs['failure']}" if not theirs["ok"] else None
    wall = ratio(ours["seconds"], theirs["seconds"])
    cpu = ratio(ours.get("cpu_seconds"), theirs.get("cpu_seconds"))
    memory = ratio(ours["peak_mib"], theirs["peak_mib"])
    ours_wall = _seconds(ours["seconds"]) if ours["ok"] else f"fails: {ours['failure']}"
    return [
        Row(
            f"generate {label}: wall time",
            ours_wall,
            fail or _seconds(theirs["seconds"]),
            _ratio_text(wall),
            f"<= {GENERATE_TIME_TARGET}x",
            _met(None if wall is None else wall <= GENERATE_TIME_TARGET),
        ),
        Row(
            f"generate {label}: CPU time",
            _seconds(ours.get("cpu_seconds")) if ours["ok"] else "-",
            fail or _seconds(theirs.get("cpu_seconds")),
            _ratio_text(cpu),
            f"<= {GENERATE_TIME_TARGET}x",
            _met(None if cpu is None else cpu <= GENERATE_TIME_TARGET),
        ),
        Row(
            f"generate {label}: peak memory",
            "-" if ours["peak_mib"] is None else f"{ours['peak_mib']:.0f} MiB",
            fail or ("-" if theirs["peak_mib"] is None else f"{theirs['peak_mib']:.0f} MiB"),
            _ratio_text(memory),
            f"<= {GENERATE_MEMORY_TARGET}x",
            _met(None if memory is None else memory <= GENERATE_MEMORY_TARGET),
        ),
    ]


def _export_rows(entry: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    typical = entry.get("typical")
    if typical is not None:
        ours, theirs = typical["sdkgen"], typical["peer"]
        ratio_value = typical.get("ratio")
        rows.append(
            Row(
                f"generate {typical['document']}: wall time",
                _seconds(ours["seconds"]) if ours["ok"] else "fails",
                _seconds(theirs["seconds"]) if theirs["ok"] else "fails",
                _ratio_text(ratio_value),
                f"<= {GENERATE_TIME_TARGET}x",
                _met(None if ratio_value is None else ratio_value <= GENERATE_TIME_TARGET),
            )
        )
    median = entry.get("median_ratio")
    rows.append(
        Row(
            f"generate the {entry['documents']} API Gateway exports: median wall time "
            f"({entry['compared']} both generate)",
            _seconds(entry.get("median_sdkgen_seconds")),
            _seconds(entry.get("median_peer_seconds")),
            _ratio_text(median),
            f"<= {GENERATE_TIME_TARGET}x",
            _met(None if median is None else median <= GENERATE_TIME_TARGET),
        )
    )
    return rows


def rows_for(results: dict[str, Any]) -> list[Row]:
    """The table rows of whatever sections ``results`` holds."""
    rows: list[Row] = []
    for label, entry in results.get("generate", {}).items():
        rows += _generation_rows(label, entry)
    if "exports" in results:
        rows += _export_rows(results["exports"])
    peer_name = "openapi-python-client"
    if "import" in results:
        ours = results["import"].get("sdkgen")
        theirs = results["import"].get(peer_name)
        seconds = ours["seconds"] if ours else None

        def took(entry: dict[str, Any] | None) -> str:
            if not entry:
                return "-"
            cpu = entry.get("cpu_seconds")
            extra = f" ({cpu * 1000:.0f} ms CPU)" if cpu is not None else ""
            return f"{entry['seconds'] * 1000:.0f} ms{extra}"

        rows.append(
            Row(
                "import + Client() (GitHub client, median)",
                took(ours),
                took(theirs),
                _ratio_text(ratio(seconds, theirs["seconds"] if theirs else None)),
                f"<= {IMPORT_TARGET_SECONDS * 1000:.0f} ms",
                _met(None if seconds is None else seconds <= IMPORT_TARGET_SECONDS),
            )
        )
    if "call" in results:
        ours = results["call"].get("sdkgen", {})
        theirs = results["call"].get(peer_name, {})

        def first(entry: dict[str, Any]) -> str:
            if not entry:
                return "-"
            return (
                f"{entry['first_call_seconds'] * 1000:.0f} ms, "
                f"{entry['first_call_new_modules']} modules "
                f"({len(entry['first_call_package_modules'])} of the client)"
            )

        rows.append(Row("first call (GET /rate_limit)", first(ours), first(theirs), "-", "-", "-"))
        for mode in ("sync", "async"):

            def cell(entry: dict[str, Any], mode: str = mode) -> str:
                if not entry:
                    return "-"
                return (
                    f"{entry[f'client_{mode}'] * 1e6:.0f} us "
                    f"({entry[f'{mode}_ratio']:.2f}x raw {entry[f'raw_{mode}'] * 1e6:.0f} us)"
                )

            value = ours.get(f"{mode}_ratio") if ours else None
            rows.append(
                Row(
                    f"per call, {mode} (vs raw httpx + validate_json)",
                    cell(ours),
                    cell(theirs),
                    "-",
                    f"<= {CALL_TARGET_RATIO:.2f}x raw",
                    _met(None if value is None else value <= CALL_TARGET_RATIO),
                )
            )
        if ours.get("raw_headers_sync"):

            def same(entry: dict[str, Any]) -> str:
                if not entry or not entry.get("raw_headers_sync"):
                    return "-"
                return (
                    f"{entry['sync_ratio_same_headers']:.2f}x raw "
                    f"{entry['raw_headers_sync'] * 1e6:.0f} us "
                    f"(+{', '.join(entry.get('extra_headers', [])) or 'no headers'})"
                )

            rows.append(
                Row(
                    "per call, sync (vs raw sending the same headers)",
                    same(ours),
                    same(theirs),
                    "-",
                    "-",
                    "-",
                )
            )
    if "fleet" in results:
        fleet = results["fleet"]
        n = fleet["apis"]
        rows.append(
            Row(
                f"fleet of {n}: cold, {fleet['jobs']} workers",
                f"{fleet['cold_seconds']:.1f} s ({fleet['cold_work_seconds']:.1f} s of work)",
                "-",
                "-",
                "-",
                "-",
            )
        )
        unchanged_ok = (
            fleet["warm_seconds"] < FLEET_UNCHANGED_TARGET_SECONDS and fleet["warm_rewrites"] == 0
        )
        rows.append(
            Row(
                f"fleet of {n}: nothing changed",
                f"{fleet['warm_seconds']:.2f} s, {fleet['warm_rewrites']} rewrites",
                "-",
                "-",
                f"< {FLEET_UNCHANGED_TARGET_SECONDS:.0f} s, no rewrites",
                _met(unchanged_ok),
            )
        )
        regenerated = fleet["one_changed_regenerated"]
        rows.append(
            Row(
                f"fleet of {n}: one document changed",
                f"{fleet['one_changed_seconds']:.2f} s, regenerated {', '.join(regenerated)}",
                "-",
                "-",
                "only that client",
                _met(regenerated == [fleet["one_changed_expected"]]),
            )
        )
    if "diff" in results:
        d = results["diff"]
        rows.append(
            Row(
                f"diff {d['base']} -> {d['revision']}",
                _diff_time(d),
                "-",
                "-",
                f"< {DIFF_TARGET_SECONDS:.0f} s of CPU",
                _met(d["ok"] and _diff_seconds(d) < DIFF_TARGET_SECONDS),
            )
        )
    if "diff_graph" in results:
        d = results["diff_graph"]
        rows.append(
            Row(
                f"diff of {d['schemas']} schemas referencing {d['width']} others each, "
                f"{d['operations']} operations",
                _diff_time(d),
                "-",
                "-",
                f"< {GRAPH_TARGET_SECONDS:.0f} s of CPU",
                _met(d["ok"] and _diff_seconds(d) < GRAPH_TARGET_SECONDS),
            )
        )
    return rows


def _diff_seconds(measured: dict[str, Any]) -> float:
    """CPU time (steadier than wall time on a shared machine), else wall time."""
    return float(measured.get("cpu_seconds", measured["seconds"]))


def _diff_time(measured: dict[str, Any]) -> str:
    if "cpu_seconds" not in measured:
        return f"{measured['seconds']:.2f} s"
    return f"{measured['seconds']:.2f} s ({measured['cpu_seconds']:.2f} s CPU)"


def table(rows: list[Row]) -> str:
    """A Markdown table (readable as plain text too)."""
    header = ("measure", "sdkgen", "openapi-python-client", "ratio", "target", "met")
    cells = [header] + [(r.measure, r.sdkgen, r.peer, r.ratio, r.target, r.met) for r in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = [
        "| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in cells
    ]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
