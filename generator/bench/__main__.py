"""``python -m generator.bench``: run the benchmarks, print a table, write JSON."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from generator import __version__
from generator.bench import clients, diffbench, exports, fleetbench, generation, tools
from generator.bench.report import Row, rows_for, table
from generator.errors import SdkgenError

SECTIONS = ("generate", "exports", "import", "call", "fleet", "diff")
REPO = Path(__file__).resolve().parents[2]


def machine() -> dict[str, Any]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text(encoding="utf-8").split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load_average_at_start": list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        "sdkgen": __version__,
    }


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator.bench", description=__doc__)
    parser.add_argument("--json", type=Path, default=REPO / "build" / "bench.json")
    parser.add_argument("--work", type=Path, default=REPO / "build" / "bench-work")
    parser.add_argument(
        "--only", action="append", choices=SECTIONS, help="run only this section (repeatable)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs per generation (median)")
    parser.add_argument("--import-runs", type=int, default=9, help="fresh interpreters per client")
    parser.add_argument("--diff-runs", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=7, help="per-call rounds (median)")
    parser.add_argument("--calls", type=int, default=300, help="calls per round")
    return parser


def run(args: argparse.Namespace) -> dict[str, Any]:
    only = set(args.only or SECTIONS)
    work: Path = args.work
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    results: dict[str, Any] = {"machine": machine(), "peer": {}}
    print(f"machine: {results['machine']}")
    docs = tools.documents()
    peer = tools.peer()
    results["peer"] = {"name": generation.OPC, "version": peer.version}
    gen_dir = work / "generate"
    gen_dir.mkdir(exist_ok=True)
    ours_github = gen_dir / f"{generation.SDKGEN}-github"
    theirs_github = gen_dir / f"{generation.OPC}-github"
    needs_clients = bool(only & {"import", "call"})
    have_clients = ours_github.is_dir() and theirs_github.is_dir()
    if "generate" in only or (needs_clients and not have_clients):
        results["generate"] = {}
        for label, document in (("github", docs.github), ("stripe", docs.stripe)):
            if label == "stripe" and "generate" not in only:
                continue
            ours, theirs = generation.bench_generation(
                label,
                document,
                peer=peer,
                work=gen_dir,
                runs=args.runs if "generate" in only else 1,
                package=f"{label}_client",
            )
            results["generate"][label] = {"sdkgen": ours.to_json(), "peer": theirs.to_json()}
    if "exports" in only:
        results["exports"] = exports.bench_exports(peer=peer, work=work / "exports")
    package, peer_package = "github_client", "github_client_opc"
    body = work / "rate-limit-overview.json"
    body.write_bytes(clients.example_body(docs.github))
    found = clients.clients(
        ours_github, package, theirs_github if theirs_github.is_dir() else None, peer_package, peer
    )
    for client in found if needs_clients else []:
        clients.compile_bytecode(client)
    if "import" in only:
        results["import"] = {}
        for client in found:
            measured = clients.import_time(client, args.import_runs)
            results["import"][client.tool] = measured
            print(
                f"  import + Client() of {client.tool}'s GitHub client: "
                f"{measured['seconds'] * 1000:.0f} ms ({measured['modules']} modules)"
            )
    if "call" in only:
        results["call"] = {}
        operation = clients.sdkgen_operation(ours_github, package)
        baseline = (ours_github, f"{package}.models.{operation['model']}")
        for client in found:
            spec = (
                operation
                if client.tool == "sdkgen"
                else clients.opc_operation(theirs_github, peer_package)
            )
            measured = clients.call_overhead(
                client, spec, body, baseline, rounds=args.rounds, calls=args.calls
            )
            results["call"][client.tool] = measured
            print(
                f"  per call, {client.tool}: sync {measured['client_sync'] * 1e6:.0f} us "
                f"({measured['sync_ratio']:.2f}x raw), async {measured['client_async'] * 1e6:.0f}"
                f" us ({measured['async_ratio']:.2f}x raw); first call loads "
                f"{measured['first_call_new_modules']} modules"
            )
    if "fleet" in only:
        results["fleet"] = fleetbench.bench_fleet(docs.directory, work)
    if "diff" in only:
        old, new = docs.github_versions
        results["diff"] = diffbench.bench_diff(old, new, runs=args.diff_runs)
        results["diff_graph"] = diffbench.bench_shared_graph(work, runs=args.diff_runs)
    results["seconds"] = time.perf_counter() - started
    return results


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if shutil.which("npm") is None:
        print("error: npm is needed (the benchmark documents are npm packages)", file=sys.stderr)
        return 2
    try:
        results = run(args)
    except SdkgenError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rows: list[Row] = rows_for(results)
    results["table"] = [row.to_json() for row in rows]
    print()
    print(table(rows))
    print(f"\n(whole benchmark: {results['seconds']:.0f} s)")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
