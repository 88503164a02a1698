"""examples/cevns_tour.ipynb runs from start to end (nbclient): any error in a cell fails."""
import nbclient
import nbformat

from conftest import ROOT


def test_the_tour_notebook_runs(tmp_path):
    nb = nbformat.read(ROOT / "examples" / "cevns_tour.ipynb", as_version=4)
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(ROOT)}})
    client.execute()
    outputs = [o for cell in nb.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) >= 5, "the notebook's figures"
    # keep the executed notebook for a look (CI artefact when kept)
    nbformat.write(nb, tmp_path / "cevns_tour.executed.ipynb")
