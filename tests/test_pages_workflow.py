"""The website on GitHub Pages: the shipped workflow's ``pages`` job, and the copy ``thp init`` writes.

On every push to the default branch whose ``thp validate`` passes, the job builds the
public site and deploys it with actions/upload-pages-artifact and actions/deploy-pages
(the inputs as their action.yml and README give them: ``path`` of the folder to upload,
then the deploy step whose ``page_url`` output names the site). Only that job may deploy
(``pages: write``, ``id-token: write``); a pull request never does, and two deploys never
run at once.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from thp_cli import __version__
from thp_cli.cli.app import app

from .conftest import REPO, git_env

SHIPPED = REPO / ".github" / "workflows" / "thp.yml"
DEPLOY = {"contents": "read", "pages": "write", "id-token": "write"}


def _load(text: str) -> dict[str, Any]:
    from thp_cli.yamlio.load import load_text

    loaded = load_text("thp.yml", text)
    assert loaded.findings == []
    data: dict[str, Any] = loaded.data
    return data


@pytest.fixture(scope="module")
def init_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("init") / "eastbrook"
    done = CliRunner().invoke(app, ["init", str(folder), "--name", "Eastbrook Partnership"])
    assert done.exit_code == 0, done.output
    return (folder / ".github" / "workflows" / "thp.yml").read_text(encoding="utf-8")


@pytest.fixture(params=["shipped", "init"])
def flow(request: pytest.FixtureRequest, init_text: str) -> dict[str, Any]:
    return _load(SHIPPED.read_text(encoding="utf-8") if request.param == "shipped" else init_text)


# -- a small evaluator of the `if:` expressions the workflow uses (==, !=, &&, ||, !, ( ))
_TOKEN = re.compile(r"\s*(==|!=|&&|\|\||!|\(|\)|'[^']*'|[A-Za-z_][A-Za-z0-9_.-]*)")


def _holds(expression: str, context: dict[str, str]) -> bool:
    """What GitHub would make of ``expression`` for an event described by ``context``
    (dotted names such as ``github.event_name``)."""
    tokens = _TOKEN.findall(expression)
    assert "".join(tokens) == re.sub(r"\s+", "", expression), f"cannot read: {expression}"
    at = 0

    def take() -> str:
        nonlocal at
        at += 1
        return tokens[at - 1]

    def value() -> Any:
        token = take()
        if token == "(":
            inner = either()
            assert take() == ")"
            return inner
        if token == "!":
            return not value()
        if token.startswith("'"):
            return token[1:-1]
        assert token in context, f"{token} is not in the test's context"
        return context[token]

    def compared() -> Any:
        left = value()
        while at < len(tokens) and tokens[at] in ("==", "!="):
            equal = take() == "=="
            right = value()
            left = (str(left).lower() == str(right).lower()) == equal  # GitHub compares strings ignoring case
        return left

    def both() -> Any:
        left = compared()
        while at < len(tokens) and tokens[at] == "&&":
            take()
            right = compared()
            left = bool(left) and bool(right)
        return left

    def either() -> Any:
        left = both()
        while at < len(tokens) and tokens[at] == "||":
            take()
            right = both()
            left = bool(left) or bool(right)
        return left

    result = either()
    assert at == len(tokens), f"left unread: {tokens[at:]}"
    return bool(result)


def _event(name: str, ref_name: str, default: str = "main") -> dict[str, str]:
    return {
        "github.event_name": name,
        "github.ref_name": ref_name,
        "github.event.repository.default_branch": default,
    }


EVENTS = {  # (event, branch, default branch) -> does the site deploy?
    ("push", "main", "main"): True,
    ("push", "master", "master"): True,  # thp init's repositories may default to master
    ("push", "feature", "main"): False,
    ("push", "master", "main"): False,
    ("pull_request", "12/merge", "main"): False,
    ("pull_request", "main", "main"): False,  # even a pull request from a branch named main
    ("schedule", "main", "main"): False,  # the monthly to-do list deploys nothing
    ("workflow_dispatch", "main", "main"): False,
}


def test_the_site_deploys_on_a_push_to_the_default_branch_only(flow: dict[str, Any]) -> None:
    pages = flow["jobs"]["pages"]
    for (event, branch, default), deploys in EVENTS.items():
        assert _holds(pages["if"], _event(event, branch, default)) is deploys, (event, branch, default)
    # and only once the data validates: the job waits for the check job, which runs thp validate
    assert pages["needs"] == "check"
    check = flow["jobs"]["check"]
    assert any(str(s.get("run", "")).startswith("thp validate") for s in check["steps"])
    assert _holds(check["if"], _event("push", "main"))


def test_only_the_pages_job_may_deploy(flow: dict[str, Any]) -> None:
    assert flow["permissions"] == {"contents": "read"}  # the workflow's default: read only
    jobs = flow["jobs"]
    assert jobs["pages"]["permissions"] == DEPLOY
    for name, job in jobs.items():
        granted = job.get("permissions", {})
        if name != "pages":
            assert "pages" not in granted and "id-token" not in granted, name
    assert jobs["pages"]["environment"] == {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }


def test_two_deploys_never_run_at_once(flow: dict[str, Any]) -> None:
    concurrency = flow["jobs"]["pages"]["concurrency"]
    # one group for every run, so a second push waits; the deploy under way is never cut short
    assert concurrency == {"group": "pages", "cancel-in-progress": False}
    assert "${{" not in concurrency["group"]


def test_the_job_builds_the_public_site_and_uploads_that_folder_then_deploys_it(
    flow: dict[str, Any],
) -> None:
    steps = flow["jobs"]["pages"]["steps"]
    uses = [str(s.get("uses", "")) for s in steps]
    at = {name: next(i for i, u in enumerate(uses) if u.startswith(name + "@")) for name in (
        "actions/checkout", "actions/setup-python", "actions/upload-pages-artifact", "actions/deploy-pages",
    )}  # fmt: skip
    (build,) = [i for i, s in enumerate(steps) if str(s.get("run", "")).startswith("thp site build")]
    argv = steps[build]["run"].split()
    assert argv == ["thp", "site", "build", "--out", "site", "--public"]
    assert at["actions/checkout"] < at["actions/setup-python"] < build
    assert build < at["actions/upload-pages-artifact"] < at["actions/deploy-pages"]
    assert steps[at["actions/checkout"]]["with"]["fetch-depth"] == 0  # membership changes from git
    upload = steps[at["actions/upload-pages-artifact"]]
    assert upload["with"] == {"path": argv[argv.index("--out") + 1]}  # the folder just built
    deploy = steps[at["actions/deploy-pages"]]
    assert deploy["id"] == "deployment" and "with" not in deploy  # the artifact's default name


def test_every_action_is_pinned_to_a_major_version(flow: dict[str, Any]) -> None:
    pinned = {}
    for job in flow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                name, _, version = step["uses"].partition("@")
                assert re.fullmatch(r"v[0-9]+", version), step["uses"]
                assert pinned.setdefault(name, version) == version, name  # one version per action
    # the majors of the actions/upload-artifact@v4 generation the workflow already uses; from v4,
    # upload-pages-artifact leaves hidden files (thp's manifest, .thp-site.json) out of the site
    assert pinned["actions/upload-pages-artifact"] == "v4" and pinned["actions/deploy-pages"] == "v4"
    assert pinned["actions/upload-artifact"] == "v4"


def test_init_writes_the_same_pages_job_installing_thp_from_pypi(init_text: str) -> None:
    ours = _load(SHIPPED.read_text(encoding="utf-8"))["jobs"]["pages"]
    theirs = _load(init_text)["jobs"]["pages"]

    def installing(job: dict[str, Any]) -> list[str]:
        return [s["run"] for s in job["steps"] if str(s.get("run", "")).startswith("pip install")]

    def without_install(job: dict[str, Any]) -> dict[str, Any]:
        return {**job, "steps": [s for s in job["steps"] if s.get("run") not in installing(job)]}

    assert installing(ours) == ["pip install ."]  # this repository installs the thp it holds
    assert installing(theirs) == [f"pip install thp-cli=={__version__}"]  # a partnership's, from PyPI
    assert without_install(theirs) == without_install(ours)


@pytest.mark.parametrize("which", ["shipped", "init"])
def test_the_workflow_says_how_to_switch_pages_on(which: str, init_text: str) -> None:
    text = SHIPPED.read_text(encoding="utf-8") if which == "shipped" else init_text
    header = " ".join(line.lstrip("# ") for line in text.split("\nname:")[0].splitlines())
    assert "Settings > Pages > Source: GitHub Actions" in header
    assert "Pull requests never deploy" in header


def test_the_build_step_as_the_runner_runs_it_makes_the_folder_the_upload_step_publishes(
    tmp_path: Path,
) -> None:
    """The job's own commands, in a checkout of Riverside (a made-up partnership with a person's
    contact details): the folder the upload step names holds the public site, every board
    with a page, no contact detail, and no hidden file but thp's manifest (which
    upload-pages-artifact@v4 leaves out)."""
    from .due.riverside import BOARDS, CONTACT, write_riverside

    top = tmp_path / "riverside"
    env = {**git_env(tmp_path), "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    write_riverside(top)
    for argv in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "The partnership"]):
        subprocess.run(["git", *argv], cwd=top, env=env, check=True, capture_output=True)
    steps = _load(SHIPPED.read_text(encoding="utf-8"))["jobs"]["pages"]["steps"]
    (build,) = [s["run"] for s in steps if str(s.get("run", "")).startswith("thp ")]
    (upload,) = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact@")]
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", build],
        cwd=top, env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    site = top / upload["with"]["path"]
    assert sorted(p.stem for p in (site / "boards").glob("*.html")) == sorted(BOARDS)
    files = [p for p in site.rglob("*") if p.is_file()]
    assert {"index.html", "404.html", "sitemap.xml"} <= {p.name for p in files}
    assert [p.name for p in files if p.name.startswith(".")] == [".thp-site.json"]
    published = [p for p in files if not p.name.startswith(".")]
    assert not any(CONTACT in p.read_text(encoding="utf-8") for p in published)  # --public
    assert "Leader of the Council" in (site / "boards" / "exec.html").read_text(encoding="utf-8")
