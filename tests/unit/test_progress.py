"""Rendering uses every CPU the process may use, unless told otherwise."""

from __future__ import annotations

import os

import pytest

from ankismith import progress


def test_default_jobs_follow_the_cpus_this_process_may_use(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 2, 5, 7, 9, 11}, raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 64)
    assert progress.default_jobs() == 6


def test_default_jobs_without_affinity_use_the_cpu_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    assert progress.default_jobs() == 8
    monkeypatch.setattr(os, "cpu_count", lambda: None)
    assert progress.default_jobs() == 1
