"""bench/bench.py's Lighthouse pairing and breakdown, on made-up figures (the
benchmark itself is figures, not a test, and takes minutes)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "bench" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench = load_bench()
YARD = bench.YARDSTICK


@pytest.mark.fast
def test_the_verdict_is_the_median_of_the_pairs_ratios_not_the_ratio_of_medians():
    # The machine slows down in the middle pair: each pair still reads 1.2,
    # while the medians of each side, taken apart, read 1.0.
    got = bench.paired_ratio([1200, 3600, 600], [1000, 3000, 500])
    assert got["ratio"] == 1.2
    assert got["ratios"] == [1.2, 1.2, 1.2]
    assert got["pairs"] == 3
    mixed = bench.paired_ratio([1000, 1100, 5000], [1000, 500, 1000])
    assert mixed["ratio"] == 2.2  # pairs 1.0, 2.2, 5.0
    assert mixed["ratio_of_medians"] == 1.1  # 1100 / 1000


@pytest.mark.fast
def test_a_failed_run_drops_its_pair_and_no_pairs_give_no_ratio():
    assert bench.paired_ratio([1200, 0], [1000, 900])["pairs"] == 1
    assert bench.paired_ratio([0], [1000]) == {"ratio": None, "ratio_of_medians": None, "ratios": [], "pairs": 0}
    with pytest.raises(ValueError):
        bench.paired_ratio([1, 2], [1])


@pytest.mark.fast
def test_pairs_run_interleaved_and_alternate_who_goes_first(monkeypatch):
    calls = []

    def fake(url, cpu=None):
        calls.append(url)
        work = 1300 if url == "ours" else 1000
        return {"scores": {"performance": 1.0}, "main_thread_ms": work * len(calls), "benchmark_index": 1000,
                "breakdown": {"scriptEvaluation": work}, "bootup": {"/a.js": {"total": work, "scripting": 1, "parse_compile": 1}}}

    monkeypatch.setattr(bench, "lighthouse", fake)
    ours, yard, pairing = bench.lighthouse_pairs("ours", "yard", 3)
    assert calls == ["ours", "yard", "yard", "ours", "ours", "yard"]
    assert len(pairing["ratios"]) == 3
    assert ours["main_thread_runs_ms"] == [1300, 5200, 6500]
    assert ours["breakdown_median_ms"] == {"scriptEvaluation": 1300}
    assert yard["bootup_median_ms"]["total"] == {"/a.js": 1000}


def report(items_breakdown, items_bootup):
    return {"audits": {
        "mainthread-work-breakdown": {"numericValue": 1, "details": {"items": items_breakdown}},
        "bootup-time": {"details": {"items": items_bootup}}}}


@pytest.mark.fast
def test_breakdown_and_bootup_read_from_lighthouse_json_line_up_ours_with_the_yardstick():
    r = report([{"group": "scriptEvaluation", "groupLabel": "Script Evaluation", "duration": 412.34},
                {"group": "styleLayout", "groupLabel": "Style & Layout", "duration": 300.0}],
               [{"url": "http://127.0.0.1:4000/assets/javascripts/career-allies.js", "total": 220.0, "scripting": 180.0, "scriptParseCompile": 9.5},
                {"url": "Unattributable", "total": 90.0, "scripting": 5.0, "scriptParseCompile": 0}])
    assert bench.breakdown(r) == {"scriptEvaluation": 412.3, "styleLayout": 300.0}
    assert bench.bootup(r) == {"/assets/javascripts/career-allies.js": {"total": 220.0, "scripting": 180.0, "parse_compile": 9.5},
                               "Unattributable": {"total": 90.0, "scripting": 5.0, "parse_compile": 0}}
    # A script Lighthouse left out of one run (under 50 ms) counts as 0 there.
    assert bench.median_by_key([{"a": 100, "b": 60}, {"a": 200}, {"a": 300, "b": 70}]) == {"a": 200, "b": 60}


@pytest.mark.fast
def test_the_report_prints_each_category_and_script_beside_the_yardstick_largest_difference_first():
    ours = {"scores": {}, "metrics": {}, "below_full_marks": [], "main_thread_ms": 1400, "main_thread_runs_ms": [1400, 1500],
            "main_thread_pairing": {"ratio": 1.4, "ratios": [1.4, 1.4]},
            "breakdown_median_ms": {"scriptEvaluation": 700, "styleLayout": 500, "parseHTML": 50},
            "bootup_median_ms": {"total": {"/assets/javascripts/career-allies.js": 250, "/assets/javascripts/bundle.min.js": 400}}}
    yard = {"scores": {}, "metrics": {}, "below_full_marks": [], "main_thread_ms": 1000, "main_thread_runs_ms": [1000, 1100],
            "breakdown_median_ms": {"scriptEvaluation": 450, "styleLayout": 480, "parseHTML": 40},
            "bootup_median_ms": {"total": {"/assets/javascripts/bundle.min.js": 390}}}
    pages = {"home": ours, "home" + YARD: yard}
    lines = bench.breakdown_lines(pages)
    assert lines[0].strip() == "home: ms, ours / yardstick / difference"
    assert lines[1].split() == ["scriptEvaluation", "700", "450", "+250"]
    assert lines[2].split() == ["styleLayout", "500", "480", "+20"]
    assert [line.split()[0] for line in lines[5:]] == ["/assets/javascripts/career-allies.js", "/assets/javascripts/bundle.min.js"]
    assert lines[5].split()[1:] == ["250", "0", "+250"]
    # The verdict and the page's line use the pairing, not the one median run.
    assert bench.main_thread_ratio(ours, yard) == 1.4
    assert "1.45 s (ratio 1.40, pairs 1.40, 1.40)" in bench.lighthouse_lines(pages)[0]


def event(name, ts, dur, tdur, tid=1, **args):
    return {"name": name, "ph": "X", "pid": 7, "tid": tid, "ts": ts, "dur": dur, "tdur": tdur, "args": args}


@pytest.mark.fast
def test_thread_time_takes_the_pages_main_thread_and_counts_each_events_self_time_in_its_category():
    origin = "http://127.0.0.1:4000"
    trace = {"traceEvents": [
        {"name": "thread_name", "ph": "M", "pid": 7, "tid": 1, "args": {"name": "CrRendererMain"}},
        # A task: HTML parsing (10 ms of CPU) that runs a script (6), which restyles (2).
        event("RunTask", 0, 20_000, 12_000),
        event("ParseHTML", 100, 15_000, 10_000, beginData={"url": origin + "/"}),
        event("EvaluateScript", 200, 9_000, 6_000),
        event("UpdateLayoutTree", 300, 3_000, 2_000),
        # A later task of its own: a layout; its wall-clock time was 30 ms, its CPU 4.
        event("RunTask", 30_000, 30_000, 4_000),
        event("Layout", 30_100, 29_000, 4_000),
        # Another renderer's work (an extension page, another tab) is not counted.
        event("RunTask", 0, 90_000, 90_000, tid=2),
        event("ParseHTML", 10, 80_000, 80_000, tid=2, beginData={"url": "chrome://omnibox/"}),
    ]}
    got = bench.thread_time(trace, origin)
    assert got["total_ms"] == 16.0
    assert got["groups_ms"] == {"other": 2.0, "parseHTML": 4.0, "scriptEvaluation": 4.0, "styleLayout": 6.0}
    assert bench.thread_time(trace, "http://127.0.0.1:5000") == {"total_ms": None, "groups_ms": {}}


@pytest.mark.fast
def test_own_assets_are_judged_on_what_the_heaviest_page_loads(tmp_path):
    """The 12 KB target is per page: what one page makes a reader download
    of ours, read from its HTML (not no-js.css, inside <noscript>)."""
    for name, text in (("javascripts/core.js", "a" * 50), ("javascripts/forms.js", "b" * 9000 + "".join(map(str, range(3000)))),
                       ("javascripts/bundle.1.min.js", "theme"), ("stylesheets/ours.css", "c" * 80), ("stylesheets/no-js.css", "d")):
        (tmp_path / "assets" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "assets" / name).write_text(text)
    head = '<link rel="stylesheet" href="{0}assets/stylesheets/ours.css"><noscript><link rel="stylesheet" href="{0}assets/stylesheets/no-js.css"></noscript>'
    scripts = '<script src="{0}assets/javascripts/bundle.1.min.js" defer></script><script src="{0}assets/javascripts/core.js" defer></script>'
    for path, extra in (("/", ""), ("/modules/know-what-you-want/", '<script src="{0}assets/javascripts/forms.js" defer></script>'), ("/my-plan/", "")):
        up = "../" * path.count("/", 1)
        (tmp_path / path.strip("/")).mkdir(parents=True, exist_ok=True)
        (tmp_path / path.strip("/") / "index.html").write_text((head + scripts + extra).format(up))
    own = bench.own_assets(tmp_path)
    assert own["pages"]["home"]["files"] == ["assets/stylesheets/ours.css", "assets/javascripts/core.js"]
    assert own["pages"]["module"]["files"][-1] == "assets/javascripts/forms.js"
    assert own["heaviest"] == "module"
    assert own["gzip_total"] == sum(v["gzip"] for v in own["files"].values()) > own["pages"]["home"]["gzip_total"]
    assert "assets/stylesheets/no-js.css" not in own["files"]
    lines = bench.own_lines(own)
    assert len(lines) == 4 and "(heaviest" in lines[1] and "forms.js" in lines[1] and lines[-1].lstrip().startswith("all our own")
    r = {"build": {"cpu_median_with_s": 1, "cpu_median_without_s": 1, "ratio": 1.0}, "bytes": {}, "restore": {}, "own_assets": own}
    verdict = [v for v in bench.verdicts(r) if "JS+CSS" in v["what"]]
    assert len(verdict) == 1 and verdict[0]["ok"] is True and "heaviest page (module)" in verdict[0]["what"]
