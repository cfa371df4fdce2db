"""The GitHub Actions workflows cannot run here: check them against GitHub's schema and our rules."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).parents[1] / ".github" / "workflows").glob("*.yml"))


def test_there_are_workflows():
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "pages.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_githubs_schema(path):
    result = subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_and_the_token_is_read_only_by_default(path):
    workflow = yaml.safe_load(path.read_text())
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+\.\d+\.\d+", step["uses"]), f"{name}: {step['uses']} is not pinned to a version"
        writes = {scope for scope, level in job.get("permissions", {}).items() if level == "write"}
        if writes:
            assert path.name == "pages.yml" and name == "deploy" and writes == {"pages", "id-token"}, f"{name} may write {writes}"


def test_the_pull_request_workflow_runs_the_readme_test_command():
    ci = (Path(__file__).parents[1] / ".github" / "workflows" / "ci.yml").read_text()
    assert "pip install" in ci and "-r requirements.txt" in ci and "python -m pytest" in ci
