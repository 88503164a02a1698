"""The examples of docs/python.md run: its ```python blocks in order, in one namespace, from a
folder that holds the repository's configs (the page says they run from the root)."""
import os
import re

from conftest import ROOT


def test_the_python_page_examples_run(tmp_path, monkeypatch):
    text = (ROOT / "docs" / "python.md").read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert len(blocks) >= 6
    (tmp_path / "configs").symlink_to(ROOT / "configs")
    monkeypatch.chdir(tmp_path)
    namespace = {}
    for i, block in enumerate(blocks):
        exec(compile(block, f"docs/python.md block {i + 1}", "exec"), namespace)
    assert os.path.exists("csi_spectrum.png") and os.path.exists("seed002_active.pdf")
    assert namespace["ds"]["chi2"].dims == ("mu_nu", "m4_MeV")
