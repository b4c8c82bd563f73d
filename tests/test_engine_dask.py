"""The Dask engine against the local one: a LocalCluster, a scheduler with two worker processes, a killed worker.

Real processes on 127.0.0.1; every comparison is with the local engine's own run on the same files,
so nothing here states what the seeds should yield.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from checks.config import RuleSuite, load_suite
from checks.pipeline import RunResult, build_report, run_checks
from checks.rules import load_builtin_rules
from tests.conftest import RULES, SEEDS

pytest.importorskip("distributed", reason="the dask extra is not installed (pip install -e '.[test]' installs it)")

from checks.engine_dask import DaskEngine

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parent.parent
VOLATILE = ("generated_at", "run_seconds", "gx_seconds", "timings")


@pytest.fixture(scope="module")
def suite() -> RuleSuite:
    return load_suite(RULES, set(load_builtin_rules()))


def _findings(result: RunResult) -> list[tuple[Any, ...]]:
    return [
        (f.rule, f.path, f.line, f.stated, f.expected, f.message, tuple((r.path, r.line) for r in f.related))
        for f in result.findings
    ]


def _report(result: RunResult) -> dict[str, Any]:
    """The whole report minus the clock: documents with their figures, findings, contacts, errors."""
    report = build_report(result)
    return {key: value for key, value in report.items() if key not in VOLATILE}


def _same_as_local(dask: RunResult, local: RunResult) -> None:
    assert _findings(dask) == _findings(local)
    assert [(a.path, len(a.figures), a.claim_count) for a in dask.analyses] == [
        (a.path, len(a.figures), a.claim_count) for a in local.analyses
    ]
    assert dask.errors == local.errors
    assert _report(dask) == _report(local)


def test_local_cluster_gives_the_local_engines_report(suite: RuleSuite) -> None:
    paths = [str(SEEDS)]
    local = run_checks(paths, suite)
    dask = run_checks(paths, suite, analyze=DaskEngine(jobs=2).analyze)
    assert local.findings, "the seeds have findings to compare"
    _same_as_local(dask, local)


def test_a_bad_file_is_the_same_one_line_error_as_locally(suite: RuleSuite, seeds_copy: Path) -> None:
    (seeds_copy / "scan.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (seeds_copy / "latin.txt").write_bytes(b"\xff\xfe\xff\xfe\x81\x30" * 10)
    paths = [str(seeds_copy)]
    local = run_checks(paths, suite)
    dask = run_checks(paths, suite, analyze=DaskEngine(jobs=1).analyze)
    assert len(local.errors) == 2
    assert all("\n" not in error for error in dask.errors)
    _same_as_local(dask, local)


def test_the_fact_store_is_read_and_written_as_locally(suite: RuleSuite, seeds_copy: Path, tmp_path: Path) -> None:
    """A second run takes unchanged issues from the store: the workers get the remembered figures with the paths."""
    paths = [str(seeds_copy)]
    engine = DaskEngine(jobs=1)
    local = [run_checks(paths, suite, store_path=str(tmp_path / "local.db")) for _ in range(2)]
    dask = [run_checks(paths, suite, store_path=str(tmp_path / "dask.db"), analyze=engine.analyze) for _ in range(2)]
    assert [a.from_store for a in dask[1].analyses] == [a.from_store for a in local[1].analyses] == [True] * 5
    for ours, theirs in zip(dask, local, strict=True):
        _same_as_local(ours, theirs)


def test_file_urls_on_a_local_cluster_give_the_local_report(suite: RuleSuite, seeds_copy: Path) -> None:
    """Workers open each fsspec URL themselves; the names in findings and reports are the URLs."""
    paths = [seeds_copy.absolute().as_uri()]
    local = run_checks(paths, suite)
    dask = run_checks(paths, suite, analyze=DaskEngine(jobs=2).analyze)
    assert local.findings and all(a.path.startswith("file:///") for a in dask.analyses)
    _same_as_local(dask, local)


def test_the_client_sends_urls_not_bytes(suite: RuleSuite) -> None:
    """Files that only the client can see (its own in-memory filesystem) are not found by the workers."""
    fsspec: Any = pytest.importorskip("fsspec")
    memory = fsspec.filesystem("memory")
    root = f"/checkfacts-client-only-{os.getpid()}"
    seeds = sorted(SEEDS.glob("*.txt"))
    for seed in seeds:
        memory.pipe(f"{root}/{seed.name}", seed.read_bytes())
    try:
        url = f"memory://{root}"
        assert len(run_checks([url], suite, jobs=1).analyses) == len(seeds)  # the client reads them itself
        dask = run_checks([url], suite, analyze=DaskEngine(jobs=1).analyze)
    finally:
        memory.rm(root, recursive=True)
    assert dask.analyses == []
    assert [e.rsplit("/", 1)[-1] for e in dask.errors] == [f"{seed.name}: no such file" for seed in seeds]


def test_a_batch_travels_as_dataframes_and_rebuilds_the_local_analyses_exactly(seeds_copy: Path) -> None:
    """Claim rows and masthead entries leave the worker as DataFrames; the client gets the same objects back."""
    import pickle

    import pandas as pd

    from checks.engine_dask import analyze_batch, analyze_job, make_jobs

    first = sorted(seeds_copy.glob("*.txt"))[0]
    (seeds_copy / "same_content.txt").write_bytes(first.read_bytes())  # two issues with one sha256
    (seeds_copy / "scan.txt").write_bytes(b"\x00PK" * 30)
    jobs = make_jobs(sorted(str(p) for p in seeds_copy.glob("*.txt")), None)
    direct = [analyze_job(job) for job in jobs]
    batch = pickle.loads(pickle.dumps(analyze_batch(jobs)))  # as it crosses the wire
    analyses = [a for a in direct if not isinstance(a, str)]
    assert len(analyses) == len(jobs) - 1 and any(a.claim_count for a in analyses)
    for sent in batch.results:
        if not isinstance(sent, str):
            assert sent.claim_count == 0 and sent.masthead.entries == ()
    assert all(isinstance(frame, pd.DataFrame) for frame, _ in batch.claims.values())
    assert sum(len(frame) for frame, _ in batch.claims.values()) == sum(a.claim_count for a in analyses)
    assert len(batch.entries) == sum(len(a.masthead.entries) for a in analyses) > 0
    assert batch.analyses() == direct


def test_gate_on_dask_gives_the_local_gates_report(tmp_path: Path) -> None:
    """The gate's per-issue stage on a LocalCluster: the new issue's findings, the archive compared, as locally."""
    issues = tmp_path / "issues"
    shutil.copytree(SEEDS, issues)
    text = (issues / "002_8af2dc1b8d902bad.txt").read_text(encoding="utf-8")
    changed = text.replace("安世乔 13932149635", "安世乔 13932149653").replace("2022年1月11日", "2022年1月18日")
    (issues / "005_new.txt").write_text(changed, encoding="utf-8")
    reports = {}
    for engine in ("local", "dask"):
        args = ["gate", "issues/005_new.txt", "--archive", "issues", "--rules", str(RULES), "--no-store"]
        args += ["--out", engine, "--lang", "en", "--engine", engine, *(["--jobs", "1"] if engine == "dask" else [])]
        result = subprocess.run(
            [str(BIN / "checkfacts"), *args], cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False
        )
        assert result.returncode == 1, result.stdout + result.stderr
        report = json.loads((tmp_path / engine / "report.json").read_text(encoding="utf-8"))
        reports[engine] = {key: value for key, value in report.items() if key not in VOLATILE}
    assert reports["dask"]["findings"] and reports["dask"]["archive"]["issues"] == 5
    assert reports["dask"] == reports["local"]


class Cluster:
    """``dask scheduler`` and ``dask worker`` processes on loopback, started in their own folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.scheduler_file = folder / "scheduler.json"
        self.processes: list[subprocess.Popen[bytes]] = []

    def _start(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        log = open(self.folder / f"process-{len(self.processes)}.log", "wb")  # noqa: SIM115 (kept for the run)
        process = subprocess.Popen(
            [str(BIN / "dask"), *args],
            cwd=self.folder,  # not the client's folder: workers must read by absolute path
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            start_new_session=True,  # its own process group: a worker's nanny and child are stopped together
        )
        self.processes.append(process)
        return process

    def start_scheduler(self) -> str:
        self._start(
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--dashboard-address",
            "127.0.0.1:0",  # its HTTP server (health, metrics) on loopback too
            "--scheduler-file",
            str(self.scheduler_file),
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.scheduler_file.exists():
                try:
                    return str(json.loads(self.scheduler_file.read_text())["address"])
                except (ValueError, KeyError):
                    pass  # being written
            time.sleep(0.1)
        raise AssertionError("the dask scheduler did not start: " + self.logs())

    def start_worker(self, *extra: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        args = ["worker", "--scheduler-file", str(self.scheduler_file), "--nthreads", "1", "--no-dashboard"]
        args += ["--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0", *extra]
        return self._start(*args, env=env)

    def wait_for_workers(self, count: int) -> None:
        client_class: Any = importlib.import_module("distributed").Client

        with client_class(scheduler_file=str(self.scheduler_file), timeout=30) as client:
            client.wait_for_workers(count, timeout=60)

    def logs(self) -> str:
        return "\n".join(p.read_text(errors="replace")[-2000:] for p in sorted(self.folder.glob("process-*.log")))

    def stop(self) -> None:
        """Stop what this cluster started: each process group, by the id of the process that leads it."""
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture()
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    folder = tmp_path / "cluster"
    folder.mkdir()
    running = Cluster(folder)
    try:
        yield running
    finally:
        running.stop()


def _cli(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "checkfacts"), "run", *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def _same_report_file(folder: Path, local: RunResult) -> None:
    """The CLI's report.json against the local engine's report (the CLI adds rule_source)."""
    written = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    expected = _report(local)
    assert {key: written[key] for key in expected} == json.loads(json.dumps(expected, ensure_ascii=False))


def _wait_for_stall(stalls: Path, run: subprocess.Popen[str], cluster: Cluster, seconds: float, who: str) -> None:
    """Wait until a stalling worker has started a batch (it writes a file into ``stalls``), or fail saying so."""
    deadline = time.monotonic() + seconds
    while not any(stalls.iterdir()) and time.monotonic() < deadline and run.poll() is None:
        time.sleep(0.05)
    assert any(stalls.iterdir()), f"{who} never started a batch: " + cluster.logs()


DASK_RUN = ["--rules", str(RULES), "--no-store", "--quiet", "--out", "dask", "--engine", "dask"]


def test_a_scheduler_and_two_worker_processes_give_the_local_report(
    cluster: Cluster, tmp_path: Path, suite: RuleSuite, monkeypatch: pytest.MonkeyPatch
) -> None:
    address = cluster.start_scheduler()
    cluster.start_worker("--nworkers", "1")
    cluster.start_worker("--nworkers", "1")
    shutil.copytree(SEEDS, tmp_path / "issues")
    monkeypatch.chdir(tmp_path)
    local = run_checks(["issues"], suite)  # a relative path, as the CLI below is given
    cluster.wait_for_workers(2)
    dask = run_checks(["issues"], suite, analyze=DaskEngine(scheduler=address).analyze)
    assert local.findings
    _same_as_local(dask, local)


def test_a_worker_killed_mid_batch_is_retried_and_changes_nothing(
    cluster: Cluster, tmp_path: Path, suite: RuleSuite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One worker stalls in every batch it gets; it is killed (SIGKILL) while it holds one, mid-run."""
    address = cluster.start_scheduler()
    stalls = tmp_path / "stalls"
    stalls.mkdir()
    cluster.start_worker("--nworkers", "1")
    victim = cluster.start_worker(
        "--no-nanny",  # one process: killing it loses the worker for good
        "--preload",
        str(ROOT / "tests" / "dask_stall_preload.py"),
        env={"CHECKFACTS_STALL_DIR": str(stalls), "PYTHONPATH": str(ROOT)},
    )
    cluster.wait_for_workers(2)
    issues = tmp_path / "issues"
    issues.mkdir()
    for copy in range(8):  # 40 issues: several batches, so both workers get some
        for seed in sorted(SEEDS.glob("*.txt")):
            (issues / f"{copy}_{seed.name}").write_bytes(seed.read_bytes())
    run = subprocess.Popen(
        [str(BIN / "checkfacts"), "run", "issues", *DASK_RUN, "--scheduler", address],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_stall(stalls, run, cluster, 60, "the stalling worker")
    assert run.poll() is None, "the run cannot finish while the stalled worker holds a batch"
    os.kill(victim.pid, signal.SIGKILL)
    monkeypatch.chdir(tmp_path)
    local = run_checks(["issues"], suite)
    _, err = run.communicate(timeout=240)
    assert victim.wait(timeout=10) == -signal.SIGKILL
    assert run.returncode == 1, err
    _same_report_file(tmp_path / "dask", local)


@pytest.mark.parametrize(
    ("killed", "says"),
    [("worker", "no worker left for 2 s"), ("scheduler", "the run failed (FuturesCancelledError: Client lost")],
)
def test_a_run_that_loses_its_last_worker_or_its_scheduler_ends_in_one_line(
    cluster: Cluster, tmp_path: Path, killed: str, says: str
) -> None:
    """Nothing left to run on: after --connect-timeout the run says so and exits 2 instead of waiting forever."""
    address = cluster.start_scheduler()
    scheduler = cluster.processes[0]
    stalls = tmp_path / "stalls"
    stalls.mkdir()
    worker = cluster.start_worker(
        "--no-nanny",
        "--preload",
        str(ROOT / "tests" / "dask_stall_preload.py"),
        env={"CHECKFACTS_STALL_DIR": str(stalls), "PYTHONPATH": str(ROOT)},
    )
    cluster.wait_for_workers(1)
    run = subprocess.Popen(
        [str(BIN / "checkfacts"), "run", str(SEEDS), *DASK_RUN, "--scheduler", address, "--connect-timeout", "2"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    _wait_for_stall(stalls, run, cluster, 60, "the worker")
    os.kill((worker if killed == "worker" else scheduler).pid, signal.SIGKILL)
    _, err = run.communicate(timeout=120)
    assert run.returncode == 2
    assert err.count("\n") == 1 and says in err and address in err, err
    assert not (tmp_path / "dask").exists()


def test_a_worker_with_another_checkfacts_version_is_refused_in_one_line(cluster: Cluster, tmp_path: Path) -> None:
    """Findings could differ between versions: the run refuses before any batch is sent."""
    preload = tmp_path / "other_version.py"
    preload.write_text("import checks.engine_dask as engine\nengine.__version__ = '0.0.0-other'\n", encoding="utf-8")
    address = cluster.start_scheduler()
    cluster.start_worker("--nworkers", "1", "--preload", str(preload), env={"PYTHONPATH": str(ROOT)})
    cluster.wait_for_workers(1)
    result = _cli(tmp_path, str(SEEDS), *DASK_RUN, "--scheduler", address)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "runs checkfacts 0.0.0-other, this client" in result.stderr
    assert not (tmp_path / "dask").exists()


def test_an_unreachable_scheduler_is_one_line_and_exit_two(tmp_path: Path) -> None:
    import socket

    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    started = time.monotonic()
    result = _cli(
        tmp_path,
        str(SEEDS),
        "--no-store",
        "--out",
        "r",
        "--engine",
        "dask",
        "--scheduler",
        f"tcp://127.0.0.1:{port}",
        "--connect-timeout",
        "1",
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"tcp://127.0.0.1:{port}" in result.stderr and "within 1 s" in result.stderr
    assert time.monotonic() - started < 60
    assert not (tmp_path / "r").exists()


def test_without_dask_the_engine_says_how_to_install_it(tmp_path: Path) -> None:
    blocker = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('dask', 'distributed'):\n"
        "            raise ImportError(name)\n"
        "sys.meta_path.insert(0, Block())\n"
        "from checks.cli import main\n"
        "sys.argv = ['checkfacts', *sys.argv[1:]]\n"
        "main()\n"
    )
    args = ["run", str(SEEDS), "--no-store", "--out", "r", "--engine", "dask"]
    result = subprocess.run(
        [sys.executable, "-c", blocker, *args], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "pip install 'checkfacts[dask]'" in result.stderr


def test_help_and_the_local_engine_never_import_dask(tmp_path: Path) -> None:
    probe = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from checks.cli import app\n"
        "runner = CliRunner()\n"
        "assert runner.invoke(app, ['--help']).exit_code == 0\n"
        "assert runner.invoke(app, ['run', '--help']).exit_code == 0\n"
        "code = runner.invoke(app, ['run', sys.argv[1], '--no-store', '--out', 'r', '-q']).exit_code\n"
        "assert code == 1, code\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, str(SEEDS)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


REALNEWS = ROOT.parent / "shared" / "realnews"


@pytest.mark.skipif(not REALNEWS.is_dir(), reason="../shared/realnews is not beside the checkout")
def test_realnews_the_same_on_every_engine_and_a_killed_worker_changes_nothing(
    cluster: Cluster, tmp_path: Path, suite: RuleSuite
) -> None:
    """Issue 15's own check on real text: the local engine, a LocalCluster, a scheduler with two worker
    processes on loopback, and a run on that scheduler that loses a worker (SIGKILL) mid-batch."""
    paths = [str(REALNEWS)]
    local = run_checks(paths, suite)
    assert local.analyses and local.findings, "realnews has issues and findings to compare"
    _same_as_local(run_checks(paths, suite, analyze=DaskEngine(jobs=2).analyze), local)

    address = cluster.start_scheduler()
    stalls = tmp_path / "stalls"
    stalls.mkdir()
    cluster.start_worker("--nworkers", "1")
    victim = cluster.start_worker(
        "--no-nanny",
        "--preload",
        str(ROOT / "tests" / "dask_stall_preload.py"),
        env={"CHECKFACTS_STALL_DIR": str(stalls), "PYTHONPATH": str(ROOT)},
    )
    cluster.wait_for_workers(2)
    run = subprocess.Popen(
        [str(BIN / "checkfacts"), "run", *paths, *DASK_RUN, "--scheduler", address],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for_stall(stalls, run, cluster, 120, "the stalling worker")
        assert run.poll() is None, "the run cannot finish while the stalled worker holds a batch"
        os.kill(victim.pid, signal.SIGKILL)
        _, err = run.communicate(timeout=600)
    finally:
        if run.poll() is None:
            run.kill()
            run.wait()
    assert victim.wait(timeout=30) == -signal.SIGKILL
    assert run.returncode == 1, err
    _same_report_file(tmp_path / "dask", local)

    cluster.start_worker("--nworkers", "1")  # two healthy workers again
    cluster.wait_for_workers(2)
    _same_as_local(run_checks(paths, suite, analyze=DaskEngine(scheduler=address).analyze), local)
