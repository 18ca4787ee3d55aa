"""hooks/snippet_host.py: snippets run in a host whose PYTHONPATH holds their folder."""

from hooks.snippet_host import SnippetHost

SCRIPT = """\
import sys
from pathlib import Path

from sibling import VALUE  # beside this script, as for python folder/script.py

print("[]")  # on stdout: must not be taken for the host's answer
print('{{"script": "x", "error": "not an answer", "seconds": 0}}')
(Path(sys.argv[2]) / "{name}.txt").write_text(str(VALUE))
"""


def test_jobs_import_siblings_and_their_output_stays_out_of_the_answers(tmp_path):
    folder = tmp_path / "snippets"
    folder.mkdir()
    (folder / "sibling.py").write_text("VALUE = 42\n")
    jobs = []
    for name in ("a", "b", "c"):
        (folder / f"{name}.py").write_text(SCRIPT.format(name=name))
        out = tmp_path / name
        out.mkdir()
        jobs.append((str(folder / f"{name}.py"), str(out)))
    host = SnippetHost()
    try:
        answers = list(host.run(folder, jobs))
        assert sorted(script for script, _, _ in answers) == sorted(job[0] for job in jobs)
        assert all(error is None and seconds >= 0 for _, error, seconds in answers)
        for name in ("a", "b", "c"):
            assert (tmp_path / name / f"{name}.txt").read_text() == "42"

        # A reader that stops early stops the host: its remaining answers
        # must not be read as the next jobs'.
        first = host.run(folder, jobs)
        next(first)
        first.close()
        assert host.process is None
        assert len(list(host.run(folder, jobs[:1]))) == 1
    finally:
        host.stop()
